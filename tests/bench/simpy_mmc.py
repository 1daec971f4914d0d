#!/usr/bin/python3
"""The M/M/c port of tests/bench/models/mmc in SimPy (Debian's python3-simpy, 2.3).

The same model as the sctwin bundle: Poisson customers (18 a day) each take one
unit from a base-stock warehouse (S = 50) and order one from an unlimited
supplier; the unit sails 1 day to a port with 4 berths and exponential
handling (mean 0.2 days), then goes on to the warehouse with no transit time,
where it serves the oldest backlogged customer or goes on the shelf.

Prints one line: replications, simulated days, SimPy events, wall seconds,
events/s, the mean wait for a berth after the warm-up (Erlang C: 0.394 days)
and the fill rate.  Events are counted as sctwin counts them, one per step a
process is resumed: an arrival, a berth request granted, a handling done.

usage: simpy_mmc.py [REPLICATIONS] [DAYS] [WARMUP]
"""
import random
import sys
import time

from SimPy.Simulation import (Process, Resource, activate, hold, initialize,
                              now, release, request, simulate)

LAMBDA, HANDLE_MEAN, BERTHS, STOCK, SAIL = 18.0, 0.2, 4, 50, 1.0


class Counters:
    def __init__(self, warmup):
        self.warmup = warmup
        self.events = 0
        self.waits = 0.0
        self.ships = 0
        self.demanded = 0
        self.on_time = 0


class Warehouse:
    def __init__(self, c):
        self.c = c
        self.on_hand = STOCK
        self.backlog = 0

    def receive(self):
        if self.backlog:
            self.backlog -= 1
        else:
            self.on_hand += 1


class Shipment(Process):
    def sail(self, c, port, wh, rng):
        yield hold, self, SAIL
        c.events += 1
        asked = now()
        yield request, self, port
        c.events += 1
        if asked >= c.warmup:
            c.waits += now() - asked
            c.ships += 1
        yield hold, self, rng.expovariate(1.0 / HANDLE_MEAN)
        c.events += 1
        yield release, self, port
        wh.receive()


class Customers(Process):
    def arrive(self, c, port, wh, rng, days):
        while True:
            yield hold, self, rng.expovariate(LAMBDA)
            if now() >= days:
                return
            c.events += 1
            measured = now() >= c.warmup
            c.demanded += measured
            if wh.on_hand:
                wh.on_hand -= 1
                c.on_time += measured
            else:
                wh.backlog += 1
            s = Shipment()
            activate(s, s.sail(c, port, wh, rng))


def replication(rep, days, warmup):
    rng = random.Random(1000 + rep)
    c = Counters(warmup)
    initialize()
    port = Resource(capacity=BERTHS)
    wh = Warehouse(c)
    k = Customers()
    activate(k, k.arrive(c, port, wh, rng, days))
    simulate(until=days)
    return c


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    days = float(sys.argv[2]) if len(sys.argv) > 2 else 3650
    warmup = float(sys.argv[3]) if len(sys.argv) > 3 else 365
    start = time.perf_counter()
    runs = [replication(r, days, warmup) for r in range(reps)]
    wall = time.perf_counter() - start
    events = sum(c.events for c in runs)
    wait = sum(c.waits for c in runs) / sum(c.ships for c in runs)
    fill = sum(c.on_time for c in runs) / sum(c.demanded for c in runs)
    print(f"simpy mmc: {reps} replications x {days:g} days: {events} events in {wall:.2f} s, "
          f"{events / wall:.0f} events/s, {wall / reps:.4f} s per replication; "
          f"mean berth wait {wait:.4f} days, fill rate {fill:.4f}")


if __name__ == "__main__":
    main()

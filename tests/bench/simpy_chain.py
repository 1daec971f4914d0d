#!/usr/bin/python3
"""The three-echelon base-stock chain of tests/bench/models/chain in SimPy
(Debian's python3-simpy, 2.3).

The same model as the sctwin bundle: Poisson customers (20 a day) take one
unit each from the local warehouse; every warehouse follows a one-for-one
base-stock policy with continuous review (local S = 30 fed by regional in
1 day, regional S = 60 fed by central in 2 days, central S = 100 fed by an
unlimited supplier in 4 days).  A warehouse out of stock backlogs the order
and serves backlogs first-come first-served as units arrive.

Prints one line: replications, simulated days, SimPy events, wall seconds,
events/s and the end-customer fill rate after the warm-up.  Events are
counted as sctwin counts them, one per resumption of a process: a customer
arrival, a shipment arrival.

usage: simpy_chain.py [REPLICATIONS] [DAYS] [WARMUP]
"""
import random
import sys
import time
from collections import deque

from SimPy.Simulation import Process, activate, hold, initialize, now, simulate

LAMBDA = 20.0
# (base-stock level, transit days from the source), downstream first.
STAGES = [(30, 1.0), (60, 2.0), (100, 4.0)]


class Counters:
    def __init__(self, warmup):
        self.warmup = warmup
        self.events = 0
        self.demanded = 0
        self.on_time = 0


class Stage:
    def __init__(self, c, level, transit, downstream):
        self.c = c
        self.on_hand = level
        self.transit = transit
        self.downstream = downstream  # the stage it ships to; None: customers
        self.upstream = None  # the stage it orders from; None: the supplier
        self.waiting = deque()  # backlogged orders, oldest first

    def order(self):
        """One unit asked by the downstream stage (or a customer)."""
        if self.on_hand:
            self.on_hand -= 1
            self.ship()
        else:
            self.waiting.append(1)
        if self.upstream:
            self.upstream.order()
        else:
            self.launch(self)

    def ship(self):
        if self.downstream:
            self.launch(self.downstream)

    def launch(self, to):
        s = Shipment()
        activate(s, s.sail(self.c, to))

    def receive(self):
        if self.waiting:
            self.waiting.popleft()
            self.ship()
        else:
            self.on_hand += 1


class Shipment(Process):
    def sail(self, c, to):
        yield hold, self, to.transit
        c.events += 1
        to.receive()


class Customers(Process):
    def arrive(self, c, local, rng, days):
        while True:
            yield hold, self, rng.expovariate(LAMBDA)
            if now() >= days:
                return
            c.events += 1
            measured = now() >= c.warmup
            c.demanded += measured
            c.on_time += measured and local.on_hand > 0
            local.order()


def replication(rep, days, warmup):
    rng = random.Random(1000 + rep)
    c = Counters(warmup)
    initialize()
    stages, downstream = [], None
    for level, transit in STAGES:
        s = Stage(c, level, transit, downstream)
        if downstream:
            downstream.upstream = s
        stages.append(s)
        downstream = s
    k = Customers()
    activate(k, k.arrive(c, stages[0], rng, days))
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
    fill = sum(c.on_time for c in runs) / sum(c.demanded for c in runs)
    print(f"simpy chain: {reps} replications x {days:g} days: {events} events in {wall:.2f} s, "
          f"{events / wall:.0f} events/s, {wall / reps:.4f} s per replication; "
          f"fill rate {fill:.4f}")


if __name__ == "__main__":
    main()

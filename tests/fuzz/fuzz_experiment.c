/*
 * Fuzz harness for experiment.csv alone: its keys, values, arms and
 * `arm:NAME` rows, `rules` and `share_arm`.  The rest of the bundle is fixed
 * and valid (a copy of tests/data/share_chain, which has shocks and
 * mitigations for arms to name); the fuzz input is experiment.csv verbatim,
 * so every problem reported is one of experiment.csv or of the arms.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz_check.h"
#include "fuzz_files.h"
#include "sctwin/scenario.h"

static const struct {
    const char *name, *text;
} fixed[] = {
    {"actors.csv", "id,name,kind\n"
                   "partsco,Parts Co,supplier\n"
                   "maker,Maker Ltd,manufacturer\n"
                   "shipco,Ship Co,carrier\n"
                   "shop,Shop Retail,retailer\n"
                   "observer,Observer (owns nothing; a null player),other\n"},
    {"nodes.csv", "id,kind,actor,lat,lon,name,region,capacity_per_day,prod_days,berths,handle_days,"
                  "handle_dist,handle_cv,customs_days,customs_cv,fixed_cost_per_day\n"
                  "parts,supplier,partsco,25.0,121.5,Parts plant,TW,200,3,,,,,,,\n"
                  "factory,plant,maker,22.6,114.0,Assembly,CN,60,2,,,,,,,500\n"
                  "export,port,shipco,22.58,114.27,Export port,CN,,,2,0.5,exponential,,,,\n"
                  "import,port,shipco,51.9,4.48,Import port,NL,,,2,0.8,lognormal,0.5,1,0.3,\n"
                  "dc,warehouse,shop,51.37,6.17,Distribution centre,NL,,,,,,,,,200\n"
                  "north,market,shop,52.52,13.40,North market,DE,,,,,,,,,\n"
                  "south,market,shop,45.46,9.19,South market,IT,,,,,,,,,\n"},
    {"items.csv", "id,unit_value,name,holding_rate_per_year,price\n"
                  "part,10,Part,0.2,\n"
                  "widget,60,Widget,0.25,120\n"},
    {"bom.csv", "plant,output,input,qty\n"
                "factory,widget,part,2\n"},
    {"lanes.csv", "id,from,to,mode,carrier,transit_days,transit_cv,departure_every_days,capacity,"
                  "cost_per_unit,via\n"
                  "parts_factory,parts,factory,road,shipco,2,0.1,1,,0.5,\n"
                  "factory_export,factory,export,road,shipco,1,0.1,0,,0.3,\n"
                  "export_import,export,import,sea,shipco,30,0.1,7,800,2.0,malacca;suez\n"
                  "export_import_cape,export,import,sea,shipco,39,0.1,7,800,3.2,malacca;cape\n"
                  "factory_dc_air,factory,dc,air,shipco,3,0.2,0,,15,\n"
                  "import_dc,import,dc,road,shipco,1,0.2,0,,0.6,\n"
                  "dc_north,dc,north,road,shipco,1,0.2,0,,0.8,\n"
                  "dc_south,dc,south,road,shipco,2,0.2,0,,1.0,\n"},
    {"demand.csv",
     "market,item,mean_per_day,cv,dist,season_amplitude,season_peak_day,price,patience_days\n"
     "north,widget,20,,poisson,0.2,330,,5\n"
     "south,widget,15,0.3,normal,,,,0\n"},
    {"inventory.csv",
     "node,item,policy,source,review_days,s,S,Q,safety_days,forecast,window,alpha,backups,initial\n"
     "factory,part,base_stock,parts,1,,500,,,,,,,\n"
     "factory,widget,base_stock,factory,1,,900,,,,,,,\n"
     "dc,widget,sS,factory,7,1750,2600,,,,,,,\n"},
    {"shocks.csv", "id,kind,target,start_day,rate_per_year,duration_days,duration_cv,severity,"
                   "warning_days,warning_prob\n"
                   "canal,chokepoint_closure,chokepoint:suez,150,,20,0,1,14,1\n"},
    {"mitigations.csv", "id,kind,owner,cost_per_year,target,params\n"
                        "ship_reroute,reroute,shipco,20000,,divert_cost_per_unit=1\n"
                        "shop_expedite,expedite_air,shop,5000,,threshold_days=4\n"
                        "maker_warning,early_warning,maker,3000,,cover_days=7\n"},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool written;
    if (!written) {
        for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
            sc_fuzz_write(fixed[i].name, (const uint8_t *)fixed[i].text, strlen(fixed[i].text));
        written = true;
    }
    sc_fuzz_write("experiment.csv", data, size);
    sc_diags d = {0};
    sc_scenario *sc = NULL;
    sc_status st = sc_scenario_load(sc_fuzz_dir(), &sc, &d);
    sc_fuzz_check(st, &d);
    if (sc) {
        sc_experiment_settings e = sc_scenario_experiment(sc);
        if (!(e.warmup_days < e.horizon_days) || e.replications < 1) abort();
        if (sc_scenario_arm_count(sc) < 1) abort();
        for (size_t a = 0; a < sc_scenario_arm_count(sc); a++)
            if (!sc_scenario_arm_name(sc, a)[0] || strchr(sc_scenario_arm_name(sc, a), '/'))
                abort();
    }
    sc_scenario_free(sc);
    sc_diags_free(&d);
    return 0;
}

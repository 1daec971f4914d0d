/* The report's page, index.html (see report.h): run settings, the
 * figures, and the tables of /summary, /paired, /stress and /allocation. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"

static void esc(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&':
            fputs("&amp;", f);
            break;
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        case '\'':
            fputs("&#39;", f);
            break;
        default:
            fputc(*s, f);
        }
}

static void num(FILE *f, double v, int digits)
{
    if (isnan(v))
        fputs("&ndash;", f);
    else
        fprintf(f, "%.*f", digits, v);
}

/* "mean [lo, hi]" or a bare mean when the interval is undefined. */
static void cell(FILE *f, double mean, double lo, double hi, int digits)
{
    fputs("<td>", f);
    num(f, mean, digits);
    if (!isnan(mean) && !isnan(lo) && !isnan(hi)) {
        fputs(" <span class=ci>[", f);
        num(f, lo, digits);
        fputs(", ", f);
        num(f, hi, digits);
        fputs("]</span>", f);
    }
    fputs("</td>", f);
}

static const struct {
    const char *name, *label;
    int digits;
} metrics[] = {
    {"fill_rate", "fill rate", 4},
    {"resistance", "resistance", 3},
    {"tts", "TTS (days)", 1},
    {"ttr", "TTR (days)", 1},
    {"loss", "loss (days)", 2},
    {"adaptation", "adaptation", 3},
    {"profit_impact", "profit impact", 0},
};
enum { N_METRICS = sizeof metrics / sizeof *metrics };

static void metric_header(FILE *f, const char *first)
{
    fprintf(f, "<tr><th>%s</th>", first);
    for (int m = 0; m < N_METRICS; m++)
        fprintf(f, "<th>%s</th>", metrics[m].label);
    fputs("</tr>\n", f);
}

/* One row per arm from `first` on, one column per metric, from rows of
 * /summary or /paired. */
static void metrics_table(FILE *f, const rp_data *d, const rp_summary_row *rows, size_t n,
                          int first)
{
    fputs("<table>\n", f);
    metric_header(f, "arm");
    for (int a = first; a < d->n_arms; a++) {
        fputs("<tr><th>", f);
        esc(f, d->arms[a].name);
        fputs("</th>", f);
        for (int m = 0; m < N_METRICS; m++) {
            const rp_summary_row *row = NULL;
            for (size_t k = 0; k < n && !row; k++)
                if (!strcmp(rows[k].arm, d->arms[a].name) &&
                    !strcmp(rows[k].metric, metrics[m].name))
                    row = &rows[k];
            if (row && row->n > 0)
                cell(f, row->mean, row->ci_lo, row->ci_hi, metrics[m].digits);
            else
                fputs("<td>&ndash;</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void summary_tables(FILE *f, const rp_data *d)
{
    fputs("<h2>Resilience per arm</h2>\n<p>Mean over replications with its 95 % confidence "
          "interval (Student t); &ndash; where a metric is undefined in every replication.</p>\n",
          f);
    metrics_table(f, d, d->summary, d->n_summary, 0);
    if (d->n_paired == 0) return;
    fputs("<h2>Paired differences against ", f);
    esc(f, d->arms[0].name);
    fputs("</h2>\n<p>Arm minus the first arm over the same replications (common random "
          "numbers), with 95 % confidence intervals.</p>\n",
          f);
    metrics_table(f, d, d->paired, d->n_paired, 1);
}

static void stress_table(FILE *f, const rp_data *d)
{
    if (d->n_stress == 0) return;
    fputs("<h2>Stress test ranking</h2>\n<table>\n<tr><th>rank</th><th>element</th><th>kind</th>"
          "<th>loss (days)</th><th>TTS (days)</th><th>TTR (days)</th><th>profit impact</th></tr>\n",
          f);
    for (size_t k = 0; k < d->n_stress; k++) {
        const rp_stress_row *r = &d->stress[k];
        fprintf(f, "<tr><td>%.0f</td><td>", r->rank);
        esc(f, r->element);
        fputs("</td><td>", f);
        esc(f, r->kind);
        fputs("</td>", f);
        cell(f, r->loss, r->loss_ci_lo, r->loss_ci_hi, 2);
        cell(f, r->tts, NAN, NAN, 1);
        cell(f, r->ttr, NAN, NAN, 1);
        cell(f, r->profit_impact, NAN, NAN, 0);
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static void allocation_table(FILE *f, const rp_data *d)
{
    if (d->n_rules == 0 || d->rules[0].n == 0) return;
    fputs("<h2>Allocation per actor and rule</h2>\n<p>Each actor's share of the network's gain "
          "over no mitigation, with its 95 % confidence interval.</p>\n<table>\n<tr><th>actor</th>",
          f);
    for (int r = 0; r < d->n_rules; r++) {
        fputs("<th>", f);
        esc(f, d->rules[r].name);
        fputs("</th>", f);
    }
    fputs("</tr>\n", f);
    for (int k = 0; k < d->rules[0].n; k++) {
        fputs("<tr><th>", f);
        esc(f, d->rules[0].rows[k].actor);
        fputs("</th>", f);
        for (int r = 0; r < d->n_rules; r++) {
            const rp_share_row *s = k < d->rules[r].n ? &d->rules[r].rows[k] : NULL;
            if (s)
                cell(f, s->allocation, s->ci_lo, s->ci_hi, 0);
            else
                fputs("<td>&ndash;</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

static const char *caption(const char *name)
{
    static const struct {
        const char *name, *text;
    } caps[] = {
        {"qt", "q(t), the 7-day on-time service relative to the shock-free twin, per arm"},
        {"ttr", "Distribution of the time to recover per arm"},
        {"loss", "Distribution of the loss (resilience triangle) per arm"},
        {"stress", "Weak points: elements ranked by the loss their knock-out causes"},
        {"allocation", "Each actor's allocation under each rule"},
    };
    for (size_t k = 0; k < sizeof caps / sizeof *caps; k++)
        if (!strcmp(caps[k].name, name)) return caps[k].text;
    return name;
}

bool rp_write_html(const rp_data *d, const char *dir, const char *const names[], int n_names,
                   char *err, size_t err_n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/index.html", dir);
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(err, err_n, "cannot write %s", path);
        return false;
    }
    fputs("<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n<title>sctwin report: ",
          f);
    esc(f, d->scenario);
    fputs("</title>\n<style>\n"
          "body{font-family:'DejaVu Sans',sans-serif;margin:2em auto;max-width:1260px;color:#222}\n"
          "table{border-collapse:collapse;margin:1em 0;font-size:0.9em}\n"
          "th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:right}\n"
          "th{background:#f3f3f3}\n.ci{color:#777}\nfigure{margin:1.5em 0}\n"
          "img{max-width:100%;border:1px solid #ddd}\ncode{background:#f6f6f6}\n"
          "</style>\n</head>\n<body>\n<h1>sctwin report: ",
          f);
    esc(f, d->scenario);
    fputs("</h1>\n<table>\n", f);
    fputs("<tr><th>command</th><td><code>", f);
    esc(f, d->command);
    fprintf(f, "</code></td></tr>\n<tr><th>seed</th><td>%llu</td></tr>\n",
            (unsigned long long)d->seed);
    fprintf(
        f, "<tr><th>arms</th><td>%d</td></tr>\n<tr><th>replications per arm</th><td>%d</td></tr>\n",
        d->n_arms, d->replications);
    fprintf(f, "<tr><th>horizon, warm-up</th><td>%g days, %g days</td></tr>\n", d->horizon_days,
            d->warmup_days);
    fputs("<tr><th>written</th><td>", f);
    esc(f, d->created);
    fputs(" by sctwin ", f);
    esc(f, d->version);
    fputs("</td></tr>\n</table>\n", f);
    for (int k = 0; k < n_names; k++) {
        fprintf(f,
                "<figure><a href=\"%s.svg\"><img src=\"%s.png\" alt=\"%s\"></a>"
                "<figcaption>%s (<a href=\"%s.svg\">SVG</a>)</figcaption></figure>\n",
                names[k], names[k], names[k], caption(names[k]), names[k]);
        if (!strcmp(names[k], "qt"))
            fputs("<p>The numbers behind it: <a href=\"qt_band.csv\">qt_band.csv</a> "
                  "(arm, day, mean, p05, p95).</p>\n",
                  f);
    }
    summary_tables(f, d);
    stress_table(f, d);
    allocation_table(f, d);
    fputs("</body>\n</html>\n", f);
    bool ok = fclose(f) == 0;
    if (!ok) snprintf(err, err_n, "cannot write %s", path);
    return ok;
}

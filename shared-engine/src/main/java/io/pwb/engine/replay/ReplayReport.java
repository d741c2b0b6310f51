package io.pwb.engine.replay;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a self-contained HTML report: charts drawn by JFreeChart into inline SVG (JFreeSVG), no external files.
 * For one run: utilisation heat map, overloaded hosts over time, migrations per hour, forecast against actual for
 * a few VMs. For several runs: a comparison table and bar charts of the main metrics.
 */
public final class ReplayReport {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 320;
    /** The heat map is binned to at most this many host rows and time columns to keep the file small. */
    private static final int HEAT_ROWS = 80;
    private static final int HEAT_COLUMNS = 96;

    static {
        // Charts are drawn off-screen; never try to open a display.
        System.setProperty("java.awt.headless", "true");
    }

    private ReplayReport() {
    }

    /** Report of one run (its timeline) plus a table of its result. */
    public static void write(Path file, ReplayRunner.Run run) throws IOException {
        ReplayResult r = run.result();
        StringBuilder html = header("PWB replay: " + r.policyLabel()
                + " on " + r.scenario() + " " + r.label());
        table(html, List.of(r));
        ReplayTimeline t = run.timeline();
        html.append("<h2>Host utilisation</h2><p>Mean CPU demand over capacity per host group and time bin; white: ")
                .append("hosts switched off; red: demand above capacity. Grey shading: the warm-up, in which the ")
                .append("policy only observed and nothing is measured.</p>");
        html.append(svg(heatMap(t), "heat", WIDTH, 420));
        html.append("<h2>Overload timeline</h2>").append(svg(overloadChart(t), "over", WIDTH, HEIGHT));
        html.append("<h2>Migrations per hour</h2>").append(svg(migrationsChart(t), "mig", WIDTH, HEIGHT));
        html.append("<h2>Forecast against actual</h2>");
        if (t.forecasts().isEmpty()) {
            html.append("<p>Policy <code>").append(esc(r.policy())).append("</code> makes no forecasts.</p>");
        } else {
            int i = 0;
            for (ReplayTimeline.VmForecastSeries f : t.forecasts()) {
                html.append(svg(forecastChart(f, t.stepSeconds()), "fc" + i++, WIDTH, 260));
            }
        }
        Files.writeString(file, html.append("</body></html>\n").toString(), StandardCharsets.UTF_8);
    }

    /** Comparison of several runs (from their JSON results). */
    public static void writeComparison(Path file, List<ReplayResult> results) throws IOException {
        StringBuilder html = header("PWB replay comparison");
        table(html, results);
        spreadTable(html, SeedSpread.of(results));
        html.append("<h2>Energy (kWh)</h2>").append(svg(bars(results, "kWh", ReplayResult::energyKwh), "e", WIDTH, HEIGHT));
        html.append("<h2>ESV (energy x SLAV)</h2>").append(svg(bars(results, "ESV", ReplayResult::esv), "esv", WIDTH, HEIGHT));
        html.append("<h2>Overload host-minutes</h2>").append(svg(bars(results, "host-minutes", ReplayResult::overloadHostMinutes), "o", WIDTH, HEIGHT));
        html.append("<h2>Migrations</h2>").append(svg(bars(results, "migrations", x -> (double) x.migrations()), "m", WIDTH, HEIGHT));
        Files.writeString(file, html.append("</body></html>\n").toString(), StandardCharsets.UTF_8);
    }

    private static StringBuilder header(String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").append(esc(title)).append("</title>")
                .append("<style>body{font-family:sans-serif;margin:2em;max-width:960px}table{border-collapse:collapse}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#eee}")
                .append("td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}</style></head><body>")
                .append("<h1>").append(esc(title)).append("</h1>");
        return html;
    }

    private static void table(StringBuilder html, List<ReplayResult> results) {
        html.append("<table><tr><th>policy</th><th>scenario</th><th>date</th><th>seed</th><th>hosts</th><th>VMs</th><th>energy kWh</th>")
                .append("<th>SLATAH %</th><th>PDM %</th><th>SLAV</th><th>ESV</th><th>migrations</th>")
                .append("<th>overload host-min</th><th>high-util host-min</th><th>p99 util</th><th>forecast MAE pp</th></tr>");
        for (ReplayResult r : results) {
            html.append("<tr><td>").append(esc(r.policyLabel())).append("</td><td>")
                    .append(esc(r.scenario())).append("</td><td>").append(esc(r.label())).append("</td><td>")
                    .append(r.seed()).append("</td><td>").append(r.hosts()).append("</td><td>").append(r.vms()).append("</td><td>")
                    .append(f("%.2f", r.energyKwh())).append("</td><td>").append(f("%.3f", 100 * r.slatah()))
                    .append("</td><td>").append(f("%.4f", 100 * r.pdm())).append("</td><td>").append(f("%.3e", r.slav()))
                    .append("</td><td>").append(f("%.3e", r.esv())).append("</td><td>").append(r.migrations())
                    .append("</td><td>").append(f("%.0f", r.overloadHostMinutes())).append("</td><td>")
                    .append(f("%.0f", r.highUtilizationHostMinutes())).append("</td><td>")
                    .append(f("%.3f", r.p99HostUtilisation())).append("</td><td>")
                    .append(r.forecastMaePercent() == null ? "-" : f("%.2f", r.forecastMaePercent())).append("</td></tr>");
        }
        html.append("</table>");
    }

    /** Mean and range over seeds, for each policy and date run under several seeds. */
    private static void spreadTable(StringBuilder html, List<SeedSpread> spreads) {
        if (spreads.isEmpty()) {
            return;
        }
        html.append("<h2>Across seeds</h2><p>Mean and range (min to max) over the runs of one policy on one trace"
                        + " under different seeds: a difference between policies smaller than the range is luck.</p>")
                .append("<table><tr><th>policy</th><th>scenario</th><th>date</th><th>runs</th>")
                .append("<th>overload host-min</th><th>migrations</th><th>ESV</th></tr>");
        for (SeedSpread s : spreads) {
            html.append("<tr><td>").append(esc(s.policy())).append("</td><td>").append(esc(s.scenario()))
                    .append("</td><td>").append(esc(s.label())).append("</td><td>").append(s.runs())
                    .append("</td><td>").append(esc(range("%.0f", s.overloadHostMinutes()))).append("</td><td>")
                    .append(esc(range("%.0f", s.migrations()))).append("</td><td>")
                    .append(esc(range("%.3e", s.esv()))).append("</td></tr>");
        }
        html.append("</table>");
    }

    /** {@code mean (min-max)} in the given number format. */
    public static String range(String format, SeedSpread.Range r) {
        return f(format, r.mean()) + " (" + f(format, r.min()) + "-" + f(format, r.max()) + ")";
    }

    public static JFreeChart heatMap(ReplayTimeline t) {
        int steps = t.hostUtilisation().length;
        int hosts = steps == 0 ? 0 : t.hostUtilisation()[0].length;
        int rows = Math.max(1, Math.min(HEAT_ROWS, hosts));
        int cols = Math.max(1, Math.min(HEAT_COLUMNS, steps));
        double[] xs = new double[rows * cols];
        double[] ys = new double[rows * cols];
        double[] zs = new double[rows * cols];
        double hoursPerStep = t.stepSeconds() / 3600.0;
        int k = 0;
        for (int c = 0; c < cols; c++) {
            int s0 = c * steps / cols;
            int s1 = Math.max(s0 + 1, (c + 1) * steps / cols);
            for (int r = 0; r < rows; r++) {
                int h0 = r * hosts / rows;
                int h1 = Math.max(h0 + 1, (r + 1) * hosts / rows);
                double sum = 0;
                int n = 0;
                for (int s = s0; s < s1; s++) {
                    for (int h = h0; h < h1; h++) {
                        float u = t.hostUtilisation()[s][h];
                        if (!Float.isNaN(u)) {
                            sum += u;
                            n++;
                        }
                    }
                }
                xs[k] = s0 * hoursPerStep;
                ys[k] = h0;
                zs[k] = n == 0 ? -1 : sum / n;
                k++;
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("utilisation", new double[][]{xs, ys, zs});
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setBlockWidth((double) steps / cols * hoursPerStep);
        renderer.setBlockHeight((double) hosts / rows);
        renderer.setBlockAnchor(org.jfree.chart.ui.RectangleAnchor.BOTTOM_LEFT);
        LookupPaintScale scale = new LookupPaintScale(-1, 10, Color.WHITE);
        scale.add(-1, Color.WHITE);
        for (int i = 0; i < 8; i++) {
            float level = (i + 1) / 10f; // even an idle active host is tinted: white means switched off
            scale.add(i / 10.0, new Color(1f - 0.8f * level, 1f - 0.5f * level, 1f));
        }
        scale.add(0.8, new Color(255, 200, 0));
        scale.add(0.9, new Color(255, 140, 0));
        scale.add(1.0, new Color(200, 0, 0));
        renderer.setPaintScale(scale);
        NumberAxis x = new NumberAxis("hour");
        NumberAxis y = new NumberAxis("host");
        x.setRange(0, steps * hoursPerStep);
        y.setRange(0, hosts);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        markWarmup(plot, t, Layer.FOREGROUND);
        JFreeChart chart = new JFreeChart("Host utilisation", plot);
        chart.removeLegend();
        NumberAxis legendAxis = new NumberAxis("utilisation");
        legendAxis.setRange(0, 1.2);
        LookupPaintScale legendScale = new LookupPaintScale(0, 1.2, Color.WHITE);
        for (int i = 0; i < 12; i++) {
            legendScale.add(i / 10.0, scale.getPaint(i / 10.0));
        }
        PaintScaleLegend legend = new PaintScaleLegend(legendScale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 4, 4, 4);
        chart.addSubtitle(legend);
        return chart;
    }

    public static JFreeChart overloadChart(ReplayTimeline t) {
        XYSeries over = new XYSeries("hosts with demand above capacity");
        XYSeries active = new XYSeries("active hosts");
        double hoursPerStep = t.stepSeconds() / 3600.0;
        for (int s = 0; s < t.overloadedHosts().length; s++) {
            over.add(s * hoursPerStep, t.overloadedHosts()[s]);
            active.add(s * hoursPerStep, t.activeHosts()[s]);
        }
        XYSeriesCollection data = new XYSeriesCollection(over);
        data.addSeries(active);
        JFreeChart chart = ChartFactory.createXYLineChart("Overloaded and active hosts", "hour", "hosts", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setRange(0, t.overloadedHosts().length * hoursPerStep);
        markWarmup(plot, t, Layer.BACKGROUND);
        return chart;
    }

    /**
     * Shades the warm-up, in which policies only observed: what happens there (e.g. the unbalanced start of the
     * balance scenario) is in no metric, and a reader should not take it for the policy's doing.
     */
    private static void markWarmup(XYPlot plot, ReplayTimeline t, Layer layer) {
        if (t.warmupSteps() <= 0) {
            return;
        }
        IntervalMarker warmup = new IntervalMarker(0, t.warmupSteps() * t.stepSeconds() / 3600.0,
                new Color(128, 128, 128, 48));
        warmup.setLabel("warm-up (not measured)");
        warmup.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        warmup.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        plot.addDomainMarker(warmup, layer);
    }

    public static JFreeChart migrationsChart(ReplayTimeline t) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int perHour = Math.max(1, 3600 / t.stepSeconds());
        int hours = (t.migrations().length + perHour - 1) / perHour;
        for (int h = 0; h < hours; h++) {
            int sum = 0;
            for (int s = h * perHour; s < Math.min(t.migrations().length, (h + 1) * perHour); s++) {
                sum += t.migrations()[s];
            }
            data.addValue(sum, "migrations", Integer.toString(h));
        }
        JFreeChart chart = ChartFactory.createBarChart("Migrations per hour", "hour", "migrations", data,
                PlotOrientation.VERTICAL, false, false, false);
        return chart;
    }

    public static JFreeChart forecastChart(ReplayTimeline.VmForecastSeries f, int stepSeconds) {
        XYSeries actual = new XYSeries("actual");
        XYSeries forecast = new XYSeries("forecast (one step ahead)");
        double hoursPerStep = stepSeconds / 3600.0;
        for (int s = 0; s < f.actual().length; s++) {
            actual.add(s * hoursPerStep, 100 * f.actual()[s]);
            if (!Double.isNaN(f.forecast()[s])) {
                forecast.add(s * hoursPerStep, 100 * f.forecast()[s]);
            }
        }
        XYSeriesCollection data = new XYSeriesCollection(actual);
        data.addSeries(forecast);
        return ChartFactory.createXYLineChart("VM " + f.vmId(), "hour", "CPU % of VM size", data,
                PlotOrientation.VERTICAL, true, false, false);
    }

    public static JFreeChart bars(List<ReplayResult> results, String unit, java.util.function.ToDoubleFunction<ReplayResult> metric) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        // Runs that differ only in their seed would share a bar (the last one would hide the others): name the seed.
        boolean seeded = !SeedSpread.of(results).isEmpty();
        for (ReplayResult r : results) {
            data.addValue(metric.applyAsDouble(r), r.policyLabel(),
                    r.scenario() + " " + r.label() + (seeded ? " seed " + r.seed() : ""));
        }
        return ChartFactory.createBarChart(null, "run", unit, data, PlotOrientation.VERTICAL, true, false, false);
    }

    /** Draws a chart into an inline SVG element; {@code id} keeps clip-path ids unique within the page. */
    static String svg(JFreeChart chart, String id, int width, int height) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setDefsKeyPrefix(id);
        chart.draw(g, new Rectangle(0, 0, width, height));
        return "<div>" + g.getSVGElement(id) + "</div>\n";
    }

    private static String f(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

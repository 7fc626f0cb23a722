package io.shardedjdbc.itest.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of one phase. On a terminal: one line redrawn in place with a carriage return, at most every
 * 100 ms. Without a console, or with {@code CI=true}, a carriage return would pile up in log files: plain
 * lines at every tenth instead. Thread-safe: loader and workload threads report as they go.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private final long total;
    private final String unit;
    private final long startNanos = System.nanoTime();
    private long done;
    private long lastDrawNanos;
    private int lastTenth = -1;
    private boolean finished;
    private String status;

    private ProgressBar(PrintStream out, boolean interactive, String label, long total, String unit) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    /** How progress is shown in this environment. */
    public static Style detectStyle() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        return System.console() != null && !ci ? Style.REDRAWN_LINE : Style.PLAIN_LINES;
    }

    public enum Style {
        REDRAWN_LINE, PLAIN_LINES, SILENT
    }

    /** A phase counted in {@code unit}s, its rate computed from the progress. */
    public static ProgressBar start(PrintStream out, Style style, String label, long total, String unit) {
        return start(out, style, label, total, unit, null);
    }

    /** A phase whose status text the caller supplies with {@link #set(long, String)}. */
    public static ProgressBar start(PrintStream out, Style style, String label, long total, String unit,
                                    String initialStatus) {
        PrintStream target = style == Style.SILENT ? null : out;
        ProgressBar bar = new ProgressBar(target, style == Style.REDRAWN_LINE, label, total, unit);
        bar.status = initialStatus;
        bar.draw(System.nanoTime(), true);
        return bar;
    }

    public synchronized void advance(long amount) {
        done += amount;
        draw(System.nanoTime(), false);
    }

    /** Sets the absolute progress and replaces the rate with {@code status} (for time-based phases). */
    public synchronized void set(long value, String status) {
        done = value;
        this.status = status;
        draw(System.nanoTime(), false);
    }

    public synchronized void finish() {
        if (finished) {
            return;
        }
        done = Math.max(done, total);
        draw(System.nanoTime(), true);
        finished = true;
        if (interactive && out != null) {
            out.println();
        }
    }

    private void draw(long now, boolean force) {
        if (out == null || finished) {
            return;
        }
        int tenth = (int) Math.min(10, done * 10 / total);
        if (interactive) {
            if (!force && now - lastDrawNanos < REDRAW_NANOS) {
                return;
            }
            out.print('\r' + line(now));
            out.flush();
        } else {
            if (tenth == lastTenth) {
                return;
            }
            out.println(line(now));
        }
        lastTenth = tenth;
        lastDrawNanos = now;
    }

    private String line(long now) {
        long shown = Math.min(done, total);
        int filled = (int) (shown * WIDTH / total);
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        String rate = status != null ? status : String.format(Locale.ROOT, "%,.0f %s/s", done / seconds, unit);
        return String.format(Locale.ROOT, "%-22s [%s%s] %3d%%  %,d/%,d %s  %s   ", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), shown * 100 / total, shown, total, unit, rate);
    }
}

package dev.meridian.local;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * A one-line console progress bar ({@code \r}-redrawn on a terminal). Where the output is not a terminal (a log
 * file, CI) it prints a plain line at every tenth instead, so the log stays readable. Thread-safe.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintStream out;
    private final String label;
    private final int total;
    private final boolean interactive;
    private final LongSupplier nanoClock;
    private final long startedAt;
    private long lastDrawAt = Long.MIN_VALUE;
    private int lastTenth = -1;
    private boolean finished;

    public ProgressBar(PrintStream out, String label, int total, boolean interactive, LongSupplier nanoClock) {
        this.out = out;
        this.label = label;
        this.total = Math.max(total, 0);
        this.interactive = interactive;
        this.nanoClock = nanoClock;
        this.startedAt = nanoClock.getAsLong();
    }

    /** A bar on {@code System.out}, redrawn in place when a console is attached. */
    public static ProgressBar onConsole(String label, int total) {
        return new ProgressBar(System.out, label, total, System.console() != null, System::nanoTime);
    }

    public synchronized void update(int done) {
        if (finished) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (interactive) {
            if (now - lastDrawAt >= REDRAW_NANOS || done >= total) {
                lastDrawAt = now;
                out.print("\r" + line(done, now));
                out.flush();
            }
        } else {
            int tenth = total == 0 ? 10 : (int) (10L * Math.min(done, total) / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                out.println(line(done, now));
            }
        }
    }

    public synchronized void finish(int done) {
        if (finished) {
            return;
        }
        update(done);
        finished = true;
        if (interactive) {
            out.println();
        }
    }

    /** The text of the bar, e.g. {@code Seeding [#########-----]  62%  3100/5000 calls  412/s  ETA 5s}. */
    String line(int done, long now) {
        int shown = Math.min(done, total);
        double fraction = total == 0 ? 1.0 : shown / (double) total;
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = (now - startedAt) / 1e9;
        double rate = seconds > 0 ? shown / seconds : 0;
        String eta = rate > 0 && shown < total ? "  ETA " + Math.round((total - shown) / rate) + "s" : "";
        return String.format("%s [%s%s] %3d%%  %d/%d calls  %.0f/s%s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), Math.round(fraction * 100), shown, total, rate, eta);
    }
}

package io.custos.crypto;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures every java.util.logging record under "io.custos" while open. */
public final class LogCapture implements AutoCloseable {
    private final Logger root = Logger.getLogger("io.custos");
    private final Level previous = root.getLevel();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (r.getParameters() != null) {
                msg = java.text.MessageFormat.format(msg, r.getParameters());
            }
            lines.add(r.getLevel() + " " + msg + (r.getThrown() != null ? " " + r.getThrown() : ""));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public LogCapture() {
        root.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    public List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(previous);
    }
}

package org.perturber.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Threads stuck in opening or reading a file: what a FIFO or a device named by a hostile file leaves behind (a
 * blocked open or read never returns and holds its thread, the GL thread included, forever).
 */
public final class BlockedThreads {
    /** The native frames a thread sits in while a FIFO's open or read blocks. */
    private static final Set<String> FILE_IO_FRAMES = Set.of("sun.nio.fs.UnixNativeDispatcher.open0",
            "java.io.FileInputStream.open0", "java.io.FileInputStream.readBytes",
            "java.io.RandomAccessFile.open0", "sun.nio.ch.UnixFileDispatcherImpl.read0",
            "sun.nio.ch.FileDispatcherImpl.read0");

    private BlockedThreads() {
    }

    /**
     * The threads (other than the caller) that stay inside a file open or read for {@code settleMillis}: a thread
     * that passes through one briefly is not counted. Each entry names the thread and its frame.
     */
    public static List<String> inFileIo(long settleMillis) throws InterruptedException {
        List<String> first = snapshot();
        if (first.isEmpty()) {
            return first;
        }
        Thread.sleep(settleMillis);
        List<String> still = snapshot();
        still.retainAll(first);
        return still;
    }

    private static List<String> snapshot() {
        List<String> stuck = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey() == Thread.currentThread() || e.getValue().length == 0) {
                continue;
            }
            StackTraceElement top = e.getValue()[0];
            String frame = top.getClassName() + "." + top.getMethodName();
            if (FILE_IO_FRAMES.contains(frame)) {
                stuck.add(e.getKey().getName() + " in " + frame);
            }
        }
        return stuck;
    }
}

package org.perturber.backend.pytorch;

import org.perturber.djl.Djl;

import ai.djl.Device;

/**
 * Where the PyTorch backend runs models: the first CUDA GPU when libtorch reports one (a CUDA build of libtorch that
 * DJL was pointed at, see models/README.md) and the user has not asked for the CPU
 * ({@code -Dperturber.inference.device=cpu}); else the CPU.
 */
public final class TorchDevices {
    /** The engine's name in DJL. */
    public static final String ENGINE = "PyTorch";

    /** The device and why it was chosen, for the status bar. */
    public record Choice(Device device, String reason) {
    }

    /** Chosen once: the status bar asks on every update, and the engine's answer does not change. */
    private static volatile Choice chosen;

    private TorchDevices() {
    }

    public static Choice choose() {
        Choice c = chosen;
        if (c == null) {
            c = ask();
            chosen = c;
        }
        return c;
    }

    private static Choice ask() {
        if ("cpu".equalsIgnoreCase(System.getProperty("perturber.inference.device", ""))) {
            return new Choice(Device.cpu(), "CPU (forced by perturber.inference.device=cpu)");
        }
        int gpus = Djl.engine(ENGINE).getGpuCount();
        String version = Djl.engine(ENGINE).getVersion();
        return gpus > 0 ? new Choice(Device.gpu(), "CUDA GPU 0 (libtorch " + version + " reports " + gpus + " GPU"
                + (gpus > 1 ? "s" : "") + ")") : new Choice(Device.cpu(), "CPU (libtorch " + version
                        + " reports no GPU)");
    }
}

package org.perturber.backend.mxnet;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Where the MXNet backend runs models: the first GPU when MXNet reports one (a CUDA build of libmxnet, see
 * models/README.md) and the user has not asked for the CPU ({@code -Dperturber.inference.device=cpu}); else the
 * CPU.
 */
public final class MxnetDevices {
    /** The device and why it was chosen, for the status bar. */
    public record Choice(Device device, String reason) {
    }

    private MxnetDevices() {
    }

    public static Choice choose() {
        if ("cpu".equalsIgnoreCase(System.getProperty("perturber.inference.device", ""))) {
            return new Choice(Device.cpu(), "CPU (forced by perturber.inference.device=cpu)");
        }
        int gpus = DjlRuntime.get(() -> Engine.getEngine(DjlRuntime.ENGINE).getGpuCount());
        return gpus > 0 ? new Choice(Device.gpu(), "GPU 0 (MXNet reports " + gpus + " GPU" + (gpus > 1 ? "s" : "")
                + ")") : new Choice(Device.cpu(), "CPU (MXNet reports no GPU; the bundled MXNet is the CPU build)");
    }
}

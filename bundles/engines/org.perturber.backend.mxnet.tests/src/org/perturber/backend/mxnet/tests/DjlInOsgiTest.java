package org.perturber.backend.mxnet.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.perturber.backend.mxnet.DjlRuntime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;

/** DJL with the MXNet engine inside Equinox, offline, driven from a plain worker thread. */
class DjlInOsgiTest {
    /** Output of a forward pass, or the failure, as seen by the worker thread. */
    private record Outcome(float[] logits, float[] probabilities, long[] shape, String engine, Throwable failure) {
    }

    @Test
    void forwardPassOfASmallNetworkFromAPlainWorkerThread() throws Exception {
        AtomicReference<Outcome> outcome = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                outcome.set(DjlRuntime.call(DjlInOsgiTest::forwardPass));
            } catch (Throwable t) {
                outcome.set(new Outcome(null, null, null, null, t));
            }
        }, "plain-worker");
        // a context class loader that cannot see DJL's engine: what an arbitrary worker thread has
        worker.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        worker.start();
        worker.join(120_000);
        Outcome o = outcome.get();
        if (o.failure() != null) {
            throw new AssertionError("forward pass failed in the worker thread", o.failure());
        }
        assertEquals("MXNet", o.engine());
        assertArrayEquals(new long[] { 2, 5 }, o.shape());
        // MXNet's softmax against the one computed here from the network's logits
        for (int row = 0; row < 2; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 5; c++) {
                max = Math.max(max, o.logits()[row * 5 + c]);
            }
            double sum = 0;
            for (int c = 0; c < 5; c++) {
                sum += Math.exp(o.logits()[row * 5 + c] - max);
            }
            for (int c = 0; c < 5; c++) {
                assertEquals(Math.exp(o.logits()[row * 5 + c] - max) / sum, o.probabilities()[row * 5 + c], 1e-6,
                        "row " + row + ", class " + c);
            }
        }
        // different inputs give different outputs: the network really computed something
        assertTrue(o.probabilities()[0] != o.probabilities()[5]);
        assertEquals("true", System.getProperty("ai.djl.offline"), "DJL must run offline");
    }

    private static Outcome forwardPass() {
        Engine engine = Engine.getEngine(DjlRuntime.ENGINE);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(8).build())
                    .add(Activation.reluBlock())
                    .add(Pool.maxPool2dBlock(new Shape(2, 2)))
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(16).build())
                    .add(Activation.reluBlock())
                    .add(Pool.globalAvgPool2dBlock())
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(5).build());
            Shape input = new Shape(2, 3, 32, 32);
            net.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomUniform(0, 1, input);
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            NDArray probabilities = out.singletonOrThrow().softmax(-1);
            return new Outcome(out.singletonOrThrow().toFloatArray(), probabilities.toFloatArray(), probabilities
                    .getShape().getShape(), engine.getEngineName(), null);
        }
    }

    @Test
    void runtimeRestoresTheCallersContextClassLoader() throws Exception {
        ClassLoader mine = Thread.currentThread().getContextClassLoader();
        ClassLoader inside = DjlRuntime.call(() -> Thread.currentThread().getContextClassLoader());
        assertNotSame(mine, inside);
        assertEquals(Engine.class.getClassLoader(), inside);
        assertEquals(mine, Thread.currentThread().getContextClassLoader());
        assertNull(DjlRuntime.call(() -> null));
    }
}

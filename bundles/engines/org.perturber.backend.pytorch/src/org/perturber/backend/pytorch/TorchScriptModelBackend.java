package org.perturber.backend.pytorch;

import java.nio.file.Path;

import org.perturber.backend.pytorch.internal.TorchScriptModel;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;
import org.perturber.djl.Djl;

/** Opens TorchScript model folders through DJL's PyTorch engine. Contributed in plugin.xml. */
public class TorchScriptModelBackend implements ModelBackend {
    @Override
    public boolean canOpen(Path modelDirectory) {
        return ModelFolder.declaredFormats(modelDirectory).contains(ModelFolder.TORCHSCRIPT);
    }

    @Override
    public String device() {
        return TorchDevices.choose().reason();
    }

    @Override
    public Model open(Path modelDirectory) throws ModelLoadException {
        ModelFolder folder = ModelFolder.read(modelDirectory);
        Path network = folder.network(ModelFolder.TORCHSCRIPT);
        try {
            return Djl.call(() -> TorchScriptModel.load(folder, network, TorchDevices.choose().device()));
        } catch (ModelLoadException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            throw new ModelLoadException(network, "PyTorch could not load the network: " + e.getMessage(), e);
        }
    }
}

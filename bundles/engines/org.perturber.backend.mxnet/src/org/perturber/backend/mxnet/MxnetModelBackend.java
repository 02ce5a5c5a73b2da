package org.perturber.backend.mxnet;

import java.nio.file.Path;

import org.perturber.backend.mxnet.internal.MxnetModel;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.model.ModelFolder;
import org.perturber.core.model.ModelLoadException;

/** Opens MXNet symbolic model directories through DJL. Contributed in plugin.xml. */
public class MxnetModelBackend implements ModelBackend {
    @Override
    public boolean canOpen(Path modelDirectory) {
        return ModelFolder.declaredFormats(modelDirectory).contains(ModelFolder.MXNET);
    }

    @Override
    public String device() {
        return MxnetDevices.choose().reason();
    }

    @Override
    public Model open(Path modelDirectory) throws ModelLoadException {
        ModelDirectory dir = ModelDirectory.read(modelDirectory);
        try {
            return DjlRuntime.call(() -> MxnetModel.load(dir, MxnetDevices.choose().device()));
        } catch (ModelLoadException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelLoadException(dir.paramsFile(),
                    "MXNet could not load the model: " + e.getMessage(), e);
        }
    }
}

package org.perturber.perturbation.morphing;

import org.perturber.core.param.ChoiceParameter;
import org.perturber.objects.BuiltinCatalog;

/** The built-in objects as a choice parameter. */
final class Targets {

    private Targets() {
    }

    static ChoiceParameter choice(String id, String label) {
        return new ChoiceParameter(id, label, BuiltinCatalog.ids().stream()
                .map(o -> new ChoiceParameter.Choice(o, BuiltinCatalog.label(o))).toList(), BuiltinCatalog.ids().get(1));
    }
}

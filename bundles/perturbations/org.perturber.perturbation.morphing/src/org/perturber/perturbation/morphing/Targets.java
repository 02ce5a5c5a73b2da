package org.perturber.perturbation.morphing;

import org.perturber.core.param.ChoiceParameter;
import org.perturber.objects.BuiltinObjects;

/** The built-in objects as a choice parameter. */
final class Targets {
    static final BuiltinObjects OBJECTS = new BuiltinObjects();

    private Targets() {
    }

    static ChoiceParameter choice(String id, String label) {
        return new ChoiceParameter(id, label, OBJECTS.ids().stream()
                .map(o -> new ChoiceParameter.Choice(o, OBJECTS.label(o))).toList(), OBJECTS.ids().get(1));
    }
}

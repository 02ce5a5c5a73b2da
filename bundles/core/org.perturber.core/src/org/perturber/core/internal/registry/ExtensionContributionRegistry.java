package org.perturber.core.internal.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtension;
import org.eclipse.core.runtime.IExtensionPoint;
import org.eclipse.core.runtime.IExtensionRegistry;
import org.eclipse.core.runtime.IRegistryEventListener;
import org.eclipse.core.runtime.RegistryFactory;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionKind;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.viz.Visualization;

/**
 * Reads the three extension points from the Eclipse extension registry. Declarations are read on first use per
 * kind and again after bundles contributing to that kind come or go.
 */
// Declarative Services component: OSGI-INF/contribution-registry.xml
public final class ExtensionContributionRegistry implements ContributionRegistry {
    private final Map<ContributionKind, List<ExtensionContribution<?>>> cache = new EnumMap<>(ContributionKind.class);
    private IExtensionRegistry extensionRegistry;
    private final IRegistryEventListener invalidator = new IRegistryEventListener() {
        @Override
        public void added(IExtension[] extensions) {
            invalidate();
        }

        @Override
        public void removed(IExtension[] extensions) {
            invalidate();
        }

        @Override
        public void added(IExtensionPoint[] extensionPoints) {
            invalidate();
        }

        @Override
        public void removed(IExtensionPoint[] extensionPoints) {
            invalidate();
        }
    };

    /** For Declarative Services. */
    public ExtensionContributionRegistry() {
    }

    /** For use outside DS (headless tools): reads the given extension registry. */
    public ExtensionContributionRegistry(IExtensionRegistry extensionRegistry) {
        this.extensionRegistry = extensionRegistry;
    }

    void activate() {
        extensionRegistry = RegistryFactory.getRegistry();
        for (ContributionKind kind : ContributionKind.values()) {
            extensionRegistry.addListener(invalidator, kind.extensionPointId());
        }
    }

    void deactivate() {
        extensionRegistry.removeListener(invalidator);
        invalidate();
    }

    private synchronized void invalidate() {
        cache.clear();
    }

    private synchronized List<ExtensionContribution<?>> read(ContributionKind kind) {
        return cache.computeIfAbsent(kind, this::readDeclarations);
    }

    private List<ExtensionContribution<?>> readDeclarations(ContributionKind kind) {
        List<IConfigurationElement> elements = new ArrayList<>();
        for (IConfigurationElement e : extensionRegistry.getConfigurationElementsFor(kind.extensionPointId())) {
            if (kind.elementName().equals(e.getName())) {
                elements.add(e);
            }
        }
        elements.sort(Comparator.comparing((IConfigurationElement e) -> e.getContributor().getName())
                .thenComparing(e -> String.valueOf(e.getAttribute("id"))));
        List<ExtensionContribution<?>> result = new ArrayList<>();
        Map<String, String> bundleById = new HashMap<>();
        for (IConfigurationElement element : elements) {
            result.add(declare(kind, element, bundleById));
        }
        return List.copyOf(result);
    }

    private static ExtensionContribution<?> declare(ContributionKind kind, IConfigurationElement element,
            Map<String, String> bundleById) {
        Map<String, String> attributes = new HashMap<>();
        for (String attribute : element.getAttributeNames()) {
            attributes.put(attribute, element.getAttribute(attribute));
        }
        String bundle = element.getContributor().getName();
        String id = attributes.getOrDefault("id", "").trim();
        String name = attributes.getOrDefault("name", "").trim();
        ExtensionContribution<?> c = new ExtensionContribution<>(kind, kind.type(), element,
                id.isEmpty() ? "(no id)" : id, name.isEmpty() ? id : name, bundle, attributes);
        if (id.isEmpty()) {
            c.failDeclaration("declared without an id");
        } else if (attributes.getOrDefault("class", "").isBlank()) {
            c.failDeclaration("declared without a class");
        } else if (bundleById.containsKey(id)) {
            c.failDeclaration("duplicate id, already contributed by bundle " + bundleById.get(id));
        } else {
            bundleById.put(id, bundle);
        }
        return c;
    }

    @SuppressWarnings("unchecked")
    private <T> List<Contribution<T>> typed(ContributionKind kind) {
        List<Contribution<T>> list = new ArrayList<>();
        for (ExtensionContribution<?> c : read(kind)) {
            list.add((Contribution<T>) c);
        }
        return List.copyOf(list);
    }

    private static <T> Optional<Contribution<T>> byId(List<Contribution<T>> list, String id) {
        // a failed duplicate shares the id of the good one: prefer the one that is not failed
        return list.stream().filter(c -> c.id().equals(id))
                .min(Comparator.comparing(c -> c.failure().isPresent()));
    }

    @Override
    public List<Contribution<Perturbation>> perturbations() {
        return typed(ContributionKind.PERTURBATION);
    }

    @Override
    public List<Contribution<ModelBackend>> modelBackends() {
        return typed(ContributionKind.MODEL_BACKEND);
    }

    @Override
    public List<Contribution<Visualization>> visualizations() {
        return typed(ContributionKind.VISUALIZATION);
    }

    @Override
    public List<Contribution<?>> all() {
        List<Contribution<?>> all = new ArrayList<>();
        for (ContributionKind kind : ContributionKind.values()) {
            all.addAll(read(kind));
        }
        return List.copyOf(all);
    }

    @Override
    public Optional<Contribution<Perturbation>> perturbation(String id) {
        return byId(perturbations(), id);
    }

    @Override
    public Optional<Contribution<ModelBackend>> modelBackend(String id) {
        return byId(modelBackends(), id);
    }

    @Override
    public Optional<Contribution<Visualization>> visualization(String id) {
        return byId(visualizations(), id);
    }
}

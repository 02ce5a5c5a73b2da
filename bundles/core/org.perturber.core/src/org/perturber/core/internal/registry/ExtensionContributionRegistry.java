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
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IRegistryEventListener;
import org.eclipse.core.runtime.RegistryFactory;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionKind;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.viz.Visualization;

/**
 * Reads the three extension points from the Eclipse extension registry. Declarations are read on first use per
 * kind and again after bundles contributing to that kind come or go.
 */
// Declarative Services component: OSGI-INF/contribution-registry.xml
public final class ExtensionContributionRegistry implements ContributionRegistry {
    private static final ILog LOG = ILog.of(ExtensionContributionRegistry.class);
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
    public List<SuiteCorruption> corruptions(String suite) {
        List<SuiteCorruption> found = new ArrayList<>();
        Map<String, String> perturbationByName = new HashMap<>();
        for (ExtensionContribution<?> c : read(ContributionKind.PERTURBATION)) {
            if (perturbation(c.id()).orElse(null) != c) {
                continue; // no id, or the failed duplicate of another declaration
            }
            for (IConfigurationElement child : c.element().getChildren("corruption")) {
                if (!suite.equals(child.getAttribute("suite"))) {
                    continue;
                }
                SuiteCorruption corruption = corruption(suite, c, child);
                if (corruption == null) {
                    continue;
                }
                String earlier = perturbationByName.putIfAbsent(corruption.name(), c.id());
                if (earlier != null) {
                    LOG.warn("Bundle " + c.bundle() + ", perturbation '" + c.id() + "': corruption '"
                            + corruption.name() + "' of suite " + suite + " is already declared by '" + earlier
                            + "'; ignored");
                } else {
                    found.add(corruption);
                }
            }
        }
        found.sort(Comparator.comparingInt(SuiteCorruption::rank).thenComparing(SuiteCorruption::name));
        return List.copyOf(found);
    }

    /** One declared corruption, or null (logged) when its name or severity parameter is missing or bad. */
    private static SuiteCorruption corruption(String suite, ExtensionContribution<?> c, IConfigurationElement e) {
        String name = trimmed(e.getAttribute("name"));
        String severity = trimmed(e.getAttribute("severity"));
        String where = "Bundle " + c.bundle() + ", perturbation '" + c.id() + "', corruption of suite " + suite;
        if (name.isEmpty() || severity.isEmpty()) {
            LOG.warn(where + ": declared without a name or a severity parameter; ignored");
            return null;
        }
        int levels = whole(e.getAttribute("levels"), 5);
        if (levels < 1 || levels > 100) {
            LOG.warn(where + " '" + name + "': levels must be 1 to 100, got " + e.getAttribute("levels")
                    + "; ignored");
            return null;
        }
        String label = trimmed(e.getAttribute("label"));
        return new SuiteCorruption(suite, name, label.isEmpty() ? name : label, trimmed(e.getAttribute("group")),
                c.id(), severity, levels, !"false".equals(trimmed(e.getAttribute("inMean"))), whole(e
                        .getAttribute("rank"), Integer.MAX_VALUE), c.bundle());
    }

    private static String trimmed(String s) {
        return s == null ? "" : s.trim();
    }

    private static int whole(String s, int fallback) {
        try {
            return s == null || s.isBlank() ? fallback : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
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

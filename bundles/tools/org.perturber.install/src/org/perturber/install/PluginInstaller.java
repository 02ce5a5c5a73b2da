package org.perturber.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.IProvisioningAgentProvider;
import org.eclipse.equinox.p2.core.ProvisionException;
import org.eclipse.equinox.p2.engine.IEngine;
import org.eclipse.equinox.p2.engine.IProfile;
import org.eclipse.equinox.p2.engine.IProfileRegistry;
import org.eclipse.equinox.p2.engine.IProvisioningPlan;
import org.eclipse.equinox.p2.engine.PhaseSetFactory;
import org.eclipse.equinox.p2.engine.ProvisioningContext;
import org.eclipse.equinox.p2.metadata.IArtifactKey;
import org.eclipse.equinox.p2.metadata.IInstallableUnit;
import org.eclipse.equinox.p2.planner.IPlanner;
import org.eclipse.equinox.p2.planner.IProfileChangeRequest;
import org.eclipse.equinox.p2.planner.ProfileInclusionRules;
import org.eclipse.equinox.p2.query.QueryUtil;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepository;
import org.eclipse.equinox.p2.repository.artifact.IArtifactRepositoryManager;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepository;
import org.eclipse.equinox.p2.repository.metadata.IMetadataRepositoryManager;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * Installs features from a p2 repository into the running Perturber, and removes them again, through p2's planner
 * and engine (what the p2 director application runs) on the product's own profile. Changes take effect at the next
 * start. Every failure is an {@link InstallException} with one line per problem.
 */
public final class PluginInstaller {
    /** The product's root installable unit: everything else that is a root was installed beyond the product. */
    public static final String PRODUCT_IU = "org.perturber.product";
    /** Set by the dropins reconciler on what it installed. */
    static final String FROM_DROPINS = "org.eclipse.equinox.p2.reconciler.dropins";
    /** Set by this installer: the repository a feature came from. */
    static final String FROM_REPOSITORY = "org.perturber.install.repository";

    private final IProvisioningAgent agent;

    private PluginInstaller(IProvisioningAgent agent) {
        this.agent = agent;
    }

    /** The installer of the running product (its p2 agent and profile). */
    public static PluginInstaller forRunningProduct() throws InstallException {
        Bundle bundle = FrameworkUtil.getBundle(PluginInstaller.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context == null) {
            throw new InstallException("the installer runs only inside the Perturber product");
        }
        // p2.core registers the running installation's agent when it starts (lazily, on first use of its classes)
        ServiceReference<IProvisioningAgent> reference = context.getServiceReference(IProvisioningAgent.class);
        IProvisioningAgent agent = reference == null ? null : context.getService(reference);
        if (agent == null) {
            throw new InstallException("this Perturber has no p2 installation data (eclipse.p2.data.area is not set):"
                    + " plugins can be installed only into a product built by Tycho (releng/perturber)");
        }
        return new PluginInstaller(agent);
    }

    /**
     * The features a repository holds, read with the running product's p2 agent or, where there is none (a test
     * runtime, a product without p2 data), with a throwaway one.
     */
    public static List<Feature> featuresIn(RepositoryLocation location, IProgressMonitor monitor)
            throws InstallException {
        BundleContext context = FrameworkUtil.getBundle(PluginInstaller.class).getBundleContext();
        ServiceReference<IProvisioningAgent> reference = context.getServiceReference(IProvisioningAgent.class);
        IProvisioningAgent running = reference == null ? null : context.getService(reference);
        if (running != null) {
            return new PluginInstaller(running).features(location, monitor);
        }
        ServiceReference<IProvisioningAgentProvider> providerReference = context.getServiceReference(
                IProvisioningAgentProvider.class);
        if (providerReference == null) {
            throw new InstallException("p2 is not running: cannot read " + location);
        }
        Path area = null;
        IProvisioningAgent agent = null;
        try {
            area = Files.createTempDirectory("perturber-p2-");
            agent = context.getService(providerReference).createAgent(area.toUri());
            return new PluginInstaller(agent).features(location, monitor);
        } catch (IOException | ProvisionException e) {
            throw new InstallException("cannot read " + location + ": " + oneLine(e.getMessage()));
        } finally {
            if (agent != null) {
                agent.stop();
            }
            if (area != null) {
                deleteQuietly(area);
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    private IProfile profile() throws InstallException {
        IProfileRegistry registry = agent.getService(IProfileRegistry.class);
        IProfile profile = registry == null ? null : registry.getProfile(IProfileRegistry.SELF);
        if (profile == null) {
            throw new InstallException("this Perturber has no p2 profile to install into (was it built by Tycho?)");
        }
        return profile;
    }

    /** The features a repository holds (the newest version of each). */
    public List<Feature> features(RepositoryLocation location, IProgressMonitor monitor) throws InstallException {
        IMetadataRepositoryManager manager = agent.getService(IMetadataRepositoryManager.class);
        boolean known = manager.contains(location.uri());
        try {
            return featureGroups(load(location, monitor)).stream().map(iu -> describe(iu, location.toString()))
                    .toList();
        } finally {
            if (!known) {
                manager.removeRepository(location.uri());
            }
        }
    }

    private IMetadataRepository load(RepositoryLocation location, IProgressMonitor monitor) throws InstallException {
        IMetadataRepositoryManager manager = agent.getService(IMetadataRepositoryManager.class);
        try {
            return manager.loadRepository(location.uri(), monitor);
        } catch (ProvisionException e) {
            throw new InstallException("cannot read the repository " + location + ": " + oneLine(e.getMessage()));
        } catch (OperationCanceledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InstallException("cannot read the repository " + location + ": " + oneLine(String.valueOf(e)));
        }
    }

    private static List<IInstallableUnit> featureGroups(IMetadataRepository repository) {
        Map<String, IInstallableUnit> byId = new TreeMap<>();
        for (IInstallableUnit iu : repository.query(QueryUtil.createLatestQuery(QueryUtil.createIUGroupQuery()), null)) {
            if (iu.getId().endsWith(Feature.GROUP_SUFFIX)) {
                byId.put(iu.getId(), iu);
            }
        }
        return List.copyOf(byId.values());
    }

    private static Feature describe(IInstallableUnit iu, String source) {
        String name = iu.getProperty(IInstallableUnit.PROP_NAME, null);
        return new Feature(Feature.featureId(iu.getId()), iu.getVersion().toString(),
                name == null || name.isBlank() || name.startsWith("%") ? Feature.featureId(iu.getId()) : name, source);
    }

    /** The features installed beyond the product: by this installer or p2's director, and through dropins/. */
    public List<Feature> installed() throws InstallException {
        IProfile profile = profile();
        List<Feature> result = new ArrayList<>();
        for (IInstallableUnit iu : profile.query(QueryUtil.createIUAnyQuery(), null)) {
            if (iu.getId().equals(PRODUCT_IU)) {
                continue;
            }
            boolean root = "true".equals(profile.getInstallableUnitProperty(iu, IProfile.PROP_PROFILE_ROOT_IU));
            boolean dropins = "true".equals(profile.getInstallableUnitProperty(iu, FROM_DROPINS));
            if (dropins) {
                // what the reconciler installed from there: a jar dropped in is a bundle (not a root), a feature folder
                // its feature group, its bundles and its feature jar (not listed)
                if (!iu.getId().endsWith(".feature.jar")) {
                    result.add(describe(iu, "dropins"));
                }
            } else if (root && !dropins && iu.getId().endsWith(Feature.GROUP_SUFFIX)) {
                String from = profile.getInstallableUnitProperty(iu, FROM_REPOSITORY);
                result.add(describe(iu, from == null ? "" : from));
            }
        }
        result.sort((a, b) -> a.id().compareTo(b.id()));
        return result;
    }

    /**
     * Installs the named features of a repository (every feature it holds when none is named).
     *
     * @return the features installed
     */
    public List<Feature> install(RepositoryLocation location, Collection<String> featureIds, IProgressMonitor monitor)
            throws InstallException {
        SubMonitor progress = SubMonitor.convert(monitor, "Installing from " + location, 100);
        IProfile profile = profile();
        IMetadataRepositoryManager metadata = agent.getService(IMetadataRepositoryManager.class);
        IArtifactRepositoryManager artifacts = agent.getService(IArtifactRepositoryManager.class);
        boolean knownMetadata = metadata.contains(location.uri());
        boolean knownArtifacts = artifacts.contains(location.uri());
        try {
            IMetadataRepository repository = load(location, progress.split(10));
            List<IInstallableUnit> groups = featureGroups(repository);
            if (groups.isEmpty()) {
                throw new InstallException("nothing to install: " + location + " holds no feature");
            }
            List<IInstallableUnit> chosen = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            if (featureIds.isEmpty()) {
                for (IInstallableUnit iu : groups) {
                    if (profile.query(QueryUtil.createIUQuery(iu.getId(), iu.getVersion()), null).isEmpty()) {
                        chosen.add(iu);
                    }
                }
                if (chosen.isEmpty()) {
                    throw new InstallException("nothing to install: every feature of " + location
                            + " is installed already (" + ids(groups) + ")");
                }
            } else {
                for (String id : new LinkedHashSet<>(featureIds)) {
                    String group = Feature.featureId(id) + Feature.GROUP_SUFFIX;
                    groups.stream().filter(iu -> iu.getId().equals(group)).findFirst().ifPresentOrElse(chosen::add,
                            () -> problems.add("no feature " + Feature.featureId(id) + " in " + location
                                    + " (it holds: " + ids(groups) + ")"));
                }
                if (!problems.isEmpty()) {
                    throw new InstallException(problems);
                }
            }
            IPlanner planner = agent.getService(IPlanner.class);
            IProfileChangeRequest request = planner.createChangeRequest(profile);
            for (IInstallableUnit iu : chosen) {
                request.add(iu);
                request.setInstallableUnitProfileProperty(iu, IProfile.PROP_PROFILE_ROOT_IU, Boolean.TRUE.toString());
                request.setInstallableUnitProfileProperty(iu, FROM_REPOSITORY, location.toString());
                request.setInstallableUnitInclusionRules(iu, ProfileInclusionRules.createStrictInclusionRule(iu));
            }
            ProvisioningContext context = new ProvisioningContext(agent);
            context.setMetadataRepositories(location.uri());
            context.setArtifactRepositories(location.uri());
            perform(planner, request, context, "cannot install from " + location, progress.split(90));
            return chosen.stream().map(iu -> describe(iu, location.toString())).toList();
        } finally {
            if (!knownMetadata) {
                metadata.removeRepository(location.uri());
            }
            if (!knownArtifacts) {
                artifacts.removeRepository(location.uri());
            }
        }
    }

    /** Removes a feature installed beyond the product (not one from dropins/: that one goes with its files there). */
    public Feature uninstall(String featureId, IProgressMonitor monitor) throws InstallException {
        SubMonitor progress = SubMonitor.convert(monitor, "Removing " + featureId, 100);
        String id = Feature.featureId(featureId.strip());
        Feature feature = installed().stream().filter(f -> f.id().equals(id)).findFirst().orElse(null);
        IProfile profile = profile();
        if (feature == null) {
            boolean inProduct = !profile.query(QueryUtil.createIUQuery(id + Feature.GROUP_SUFFIX), null).isEmpty();
            throw new InstallException(inProduct ? id + " is part of the product, not an installed plugin"
                    : "not installed: " + id + " (list-installed shows what is)");
        }
        if (feature.source().equals("dropins")) {
            throw new InstallException(id + " was installed through the dropins folder: remove it from there, and it"
                    + " is gone at the next start");
        }
        IPlanner planner = agent.getService(IPlanner.class);
        IProfileChangeRequest request = planner.createChangeRequest(profile);
        request.removeAll(profile.query(QueryUtil.createIUQuery(id + Feature.GROUP_SUFFIX), null).toUnmodifiableSet());
        ProvisioningContext context = new ProvisioningContext(agent);
        // nothing is installed by a removal: no repository is needed, the profile knows what it holds
        context.setMetadataRepositories();
        context.setArtifactRepositories();
        Set<IInstallableUnit> before = profile.query(QueryUtil.createIUAnyQuery(), null).toUnmodifiableSet();
        perform(planner, request, context, "cannot remove " + id, progress.split(90));
        removeFiles(before, profile());
        progress.done();
        return feature;
    }

    /**
     * Deletes the files of what a removal took out of the profile. p2's garbage collector keeps the files of bundles
     * the running framework has installed (this process started with them), and a jar left in plugins/ would be taken
     * up again by the dropins reconciler, which watches that folder.
     */
    private void removeFiles(Set<IInstallableUnit> before, IProfile after) throws InstallException {
        Set<IInstallableUnit> remaining = after.query(QueryUtil.createIUAnyQuery(), null).toUnmodifiableSet();
        Set<IArtifactKey> kept = new HashSet<>();
        remaining.forEach(iu -> kept.addAll(iu.getArtifacts()));
        Set<IArtifactKey> removed = new LinkedHashSet<>();
        for (IInstallableUnit iu : before) {
            if (!remaining.contains(iu)) {
                iu.getArtifacts().stream().filter(key -> !kept.contains(key)).forEach(removed::add);
            }
        }
        String cache = after.getProperty(IProfile.PROP_CACHE);
        if (removed.isEmpty() || cache == null) {
            return;
        }
        IArtifactRepositoryManager artifacts = agent.getService(IArtifactRepositoryManager.class);
        try {
            IArtifactRepository pool = artifacts.loadRepository(Path.of(cache).toUri(), null);
            for (IArtifactKey key : removed) {
                pool.removeDescriptor(key, null);
            }
        } catch (ProvisionException e) {
            throw new InstallException("removed, but its files stay in " + cache + ": " + oneLine(e.getMessage()));
        }
    }

    private void perform(IPlanner planner, IProfileChangeRequest request, ProvisioningContext context, String what,
            IProgressMonitor monitor) throws InstallException {
        SubMonitor progress = SubMonitor.convert(monitor, 100);
        IProvisioningPlan plan = planner.getProvisioningPlan(request, context, progress.split(30));
        if (plan.getStatus().getSeverity() == IStatus.CANCEL) {
            throw new OperationCanceledException();
        }
        if (!plan.getStatus().isOK()) {
            throw new InstallException(problems(what, plan.getStatus()));
        }
        IEngine engine = agent.getService(IEngine.class);
        IStatus status = engine.perform(plan, PhaseSetFactory.createDefaultPhaseSet(), progress.split(70));
        if (status.getSeverity() == IStatus.CANCEL) {
            throw new OperationCanceledException();
        }
        if (status.getSeverity() == IStatus.ERROR) {
            throw new InstallException(problems(what, status));
        }
    }

    /** One line per leaf of a status tree (p2's explanations nest, and their messages span lines). */
    static List<String> problems(String what, IStatus status) {
        Set<String> lines = new LinkedHashSet<>();
        collect(status, lines);
        lines.remove("");
        List<String> result = new ArrayList<>();
        if (lines.isEmpty()) {
            result.add(what + ": " + oneLine(status.getMessage()));
        } else {
            for (String line : lines) {
                result.add(what + ": " + line);
            }
        }
        return result;
    }

    private static void collect(IStatus status, Set<String> lines) {
        if (status.isOK()) {
            return;
        }
        if (status.getChildren().length == 0 || !status.isMultiStatus()) {
            lines.add(oneLine(status.getMessage()));
            if (status.getException() != null && status.getMessage().isBlank()) {
                lines.add(oneLine(String.valueOf(status.getException())));
            }
        }
        for (IStatus child : status.getChildren()) {
            collect(child, lines);
        }
    }

    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*[\\r\\n]+\\s*", "; ");
    }

    private static String ids(List<IInstallableUnit> groups) {
        return String.join(", ", groups.stream().map(iu -> Feature.featureId(iu.getId())).toList());
    }
}

package org.perturber.install;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/**
 * {@code releng/perturber install | uninstall | list-installed}: the p2 director inside the product, on the
 * product's own profile. One line per problem on stderr; exit 0 done, 1 failed, 2 a bad argument.
 */
public class InstallApplication implements IApplication {
    static final String USAGE = """
            Usage: perturber install [--feature ID]... REPOSITORY   install every feature of a p2 repository (a folder,
                                                                    a zip of one or a file: URL), or those named
                   perturber uninstall FEATURE_ID                   remove a feature installed with install
                   perturber list-installed                         what was installed beyond the product
            Nothing is fetched from the network. Changes take effect at the next start.""";

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        return run(args == null ? List.of() : Arrays.asList(args));
    }

    static int run(List<String> args) {
        if (args.isEmpty()) {
            System.err.println(USAGE);
            return 2;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (rest.contains("-h") || rest.contains("--help")) {
            System.out.println(USAGE);
            return 0;
        }
        try {
            return switch (command) {
                case "install" -> install(rest);
                case "uninstall" -> uninstall(rest);
                case "list-installed" -> listInstalled(rest);
                default -> usage("unknown command: " + command);
            };
        } catch (InstallException e) {
            e.problems().forEach(System.err::println);
            return 1;
        } catch (OperationCanceledException e) {
            System.err.println(command + ": cancelled");
            return 1;
        } catch (RuntimeException | LinkageError e) {
            ILog.of(InstallApplication.class).log(Status.error(command + " failed", e));
            System.err.println(command + " failed: " + PluginInstaller.oneLine(String.valueOf(e))
                    + " (the stack trace is in the workspace's .metadata/.log)");
            return 1;
        }
    }

    private static int usage(String problem) {
        System.err.println(problem);
        System.err.println(USAGE);
        return 2;
    }

    private static int install(List<String> args) throws InstallException {
        List<String> features = new ArrayList<>();
        String repository = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--feature")) {
                if (i + 1 >= args.size()) {
                    return usage("--feature needs a feature id");
                }
                features.add(args.get(++i));
            } else if (arg.startsWith("--feature=")) {
                features.add(arg.substring("--feature=".length()));
            } else if (arg.startsWith("-")) {
                return usage("unknown option: " + arg);
            } else if (repository != null) {
                return usage("one repository at a time: " + repository + " and " + arg);
            } else {
                repository = arg;
            }
        }
        if (repository == null) {
            return usage("install: name a p2 repository (a folder, a zip of one, or a file: URL)");
        }
        RepositoryLocation location = RepositoryLocation.of(repository);
        long started = System.nanoTime();
        List<Feature> installed = PluginInstaller.forRunningProduct().install(location, features, monitor());
        for (Feature feature : installed) {
            System.out.println("installed " + feature.id() + " " + feature.version() + " (" + feature.name() + ")");
        }
        System.out.printf("%d feature%s installed from %s in %.1f s; start Perturber again to use %s%n",
                installed.size(), installed.size() == 1 ? "" : "s", location, (System.nanoTime() - started) / 1e9,
                installed.size() == 1 ? "it" : "them");
        return 0;
    }

    private static int uninstall(List<String> args) throws InstallException {
        if (args.size() != 1 || args.get(0).startsWith("-")) {
            return usage("uninstall: name one feature id (list-installed shows them)");
        }
        long started = System.nanoTime();
        Feature removed = PluginInstaller.forRunningProduct().uninstall(args.get(0), monitor());
        System.out.printf("uninstalled %s %s in %.1f s; it is gone at the next start%n", removed.id(),
                removed.version(), (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private static int listInstalled(List<String> args) throws InstallException {
        if (!args.isEmpty()) {
            return usage("list-installed takes no arguments");
        }
        List<Feature> installed = PluginInstaller.forRunningProduct().installed();
        for (Feature f : installed) {
            System.out.printf("%-40s %-24s %-30s %s%n", f.id(), f.version(), f.name(),
                    f.source().isEmpty() ? "" : "from " + f.source());
        }
        System.out.println(installed.size() + (installed.size() == 1 ? " feature" : " features")
                + " installed beyond the product");
        return 0;
    }

    private static IProgressMonitor monitor() {
        return new NullProgressMonitor();
    }

    @Override
    public void stop() {
    }
}

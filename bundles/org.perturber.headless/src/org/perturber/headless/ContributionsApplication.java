package org.perturber.headless;

import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.ContributionStatus;

/**
 * {@code releng/perturber contributions}: creates every contribution and prints one line each with its status;
 * exits with 1 when any failed, so a lab can check its plugin in its own CI.
 */
public class ContributionsApplication implements IApplication {
    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        var bundleContext = FrameworkUtil.getBundle(getClass()).getBundleContext();
        var tracker = new ServiceTracker<ContributionRegistry, ContributionRegistry>(bundleContext,
                ContributionRegistry.class, null);
        tracker.open();
        ContributionRegistry registry = tracker.waitForService(30_000);
        if (registry == null) {
            System.err.println("The contribution registry service did not start (is Declarative Services running?)");
            return 2;
        }
        List<Contribution<?>> all = registry.all();
        System.out.printf("%-14s %-54s %-34s %-8s %s%n", "KIND", "ID", "BUNDLE", "STATUS", "REASON");
        int failed = 0;
        for (Contribution<?> c : all) {
            c.instance();
            if (c.status() == ContributionStatus.FAILED) {
                failed++;
            }
            System.out.printf("%-14s %-54s %-34s %-8s %s%n", c.kind().name().toLowerCase(), c.id(), c.bundle(),
                    c.status().name().toLowerCase(), c.failure().orElse(""));
        }
        System.out.println(all.size() + (all.size() == 1 ? " contribution, " : " contributions, ") + failed + " failed");
        return failed == 0 ? IApplication.EXIT_OK : Integer.valueOf(1);
    }

    @Override
    public void stop() {
    }
}

package org.perturber.headless;

import java.time.Duration;
import java.util.List;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.ContributionStatus;
import org.perturber.core.service.Services;

/**
 * {@code releng/perturber contributions}: creates every contribution and prints one line each with its status;
 * exits with 1 when any failed, so a lab can check its plugin in its own CI.
 */
public class ContributionsApplication implements IApplication {
    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        ContributionRegistry registry;
        try {
            registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
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
                    c.status().name().toLowerCase(), firstLine(c.failure().orElse("")));
        }
        System.out.println(all.size() + (all.size() == 1 ? " contribution, " : " contributions, ") + failed + " failed"
                + (failed == 0 ? "" : " (details and stack traces: " + System.getProperty("osgi.instance.area",
                        "the workspace folder ") + ".metadata/.log)"));
        return failed == 0 ? IApplication.EXIT_OK : Integer.valueOf(1);
    }

    /** One line a contribution in the table: the whole reason, with its trace, is in the log. */
    static String firstLine(String reason) {
        return reason.lines().findFirst().orElse("").strip();
    }

    @Override
    public void stop() {
    }
}

package org.perturber.core.service;

import java.time.Duration;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** Finds OSGi services, waiting for Declarative Services to register them (never call it on a UI thread). */
public final class Services {
    private Services() {
    }

    /**
     * @throws IllegalStateException naming the service when it does not appear in time
     */
    public static <T> T await(Class<T> type, Duration timeout) {
        BundleContext context = FrameworkUtil.getBundle(Services.class).getBundleContext();
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
        tracker.open();
        try {
            T service = tracker.waitForService(timeout.toMillis());
            if (service == null) {
                throw new IllegalStateException("service " + type.getName() + " did not appear within "
                        + timeout.toSeconds() + " s; is its bundle installed and Declarative Services running?");
            }
            return service;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + type.getName(), e);
        }
    }
}

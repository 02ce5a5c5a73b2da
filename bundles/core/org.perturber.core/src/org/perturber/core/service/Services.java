package org.perturber.core.service;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Finds OSGi services, waiting for Declarative Services to register them (never call it on a UI thread). One tracker
 * per service type stays open for the framework's life: views look services up on every update, and a tracker per
 * call would add a service listener each time; keeping the reference also keeps delayed components (the renderer
 * with its GL context) from being deactivated between calls.
 */
public final class Services {
    private static final Map<Class<?>, ServiceTracker<?, ?>> TRACKERS = new ConcurrentHashMap<>();

    private Services() {
    }

    /**
     * @throws IllegalStateException naming the service when it does not appear in time
     */
    public static <T> T await(Class<T> type, Duration timeout) {
        @SuppressWarnings("unchecked")
        ServiceTracker<T, T> tracker = (ServiceTracker<T, T>) TRACKERS.computeIfAbsent(type, t -> {
            BundleContext context = FrameworkUtil.getBundle(Services.class).getBundleContext();
            ServiceTracker<?, ?> opened = new ServiceTracker<>(context, t, null);
            opened.open();
            return opened;
        });
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

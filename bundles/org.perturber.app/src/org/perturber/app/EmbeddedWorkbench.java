package org.perturber.app;

import java.util.Map;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The Perturber product's launch context for a workbench created inside an already running framework, by a test or
 * the loop benchmark ({@code new E4Application().createE4Workbench(EmbeddedWorkbench.productContext(), display)}):
 * the product's properties (plugin.xml), with no persisted state read or written.
 */
public final class EmbeddedWorkbench {
    private EmbeddedWorkbench() {
    }

    public static IApplicationContext productContext() {
        return new ProductContext();
    }

    private static final class ProductContext implements IApplicationContext {
        private static final Map<String, String> PROPERTIES = Map.of(
                "appName", "Perturber",
                "applicationXMI", "org.perturber.app/Application.e4xmi",
                "applicationCSS", "platform:/plugin/org.perturber.app/css/perturber.css",
                "clearPersistedState", "true",
                "persistState", "false");

        @Override
        public Map<String, Object> getArguments() {
            return Map.of(IApplicationContext.APPLICATION_ARGS, new String[0]);
        }

        @Override
        public void applicationRunning() {
        }

        @Override
        public String getBrandingApplication() {
            return "org.eclipse.e4.ui.workbench.swt.E4Application";
        }

        @Override
        public String getBrandingName() {
            return "Perturber";
        }

        @Override
        public String getBrandingDescription() {
            return "Perturber workbench";
        }

        @Override
        public String getBrandingId() {
            return "org.perturber.app.product";
        }

        @Override
        public String getBrandingProperty(String key) {
            return PROPERTIES.get(key);
        }

        @Override
        public Bundle getBrandingBundle() {
            return FrameworkUtil.getBundle(EmbeddedWorkbench.class);
        }

        @Override
        public void setResult(Object result, IApplication application) {
        }
    }
}

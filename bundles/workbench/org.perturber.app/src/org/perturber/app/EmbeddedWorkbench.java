package org.perturber.app;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtension;
import org.eclipse.core.runtime.RegistryFactory;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The Perturber product's launch context for a workbench created inside an already running framework, by a test or
 * the loop benchmark ({@code new E4Application().createE4Workbench(EmbeddedWorkbench.productContext(), display)}):
 * the product's own properties, read from its declaration in plugin.xml, with no persisted state read or written.
 */
public final class EmbeddedWorkbench {
    private static final String PRODUCT_ID = "org.perturber.app.product";

    private EmbeddedWorkbench() {
    }

    public static IApplicationContext productContext() {
        IExtension extension = RegistryFactory.getRegistry().getExtension("org.eclipse.core.runtime.products",
                PRODUCT_ID);
        if (extension == null || extension.getConfigurationElements().length == 0) {
            throw new IllegalStateException("the product " + PRODUCT_ID + " is not declared (org.perturber.app)");
        }
        IConfigurationElement product = extension.getConfigurationElements()[0];
        Map<String, String> properties = new HashMap<>();
        for (IConfigurationElement property : product.getChildren("property")) {
            properties.put(property.getAttribute("name"), property.getAttribute("value"));
        }
        properties.put("clearPersistedState", "true");
        properties.put("persistState", "false");
        return new ProductContext(product.getAttribute("name"), product.getAttribute("application"),
                Map.copyOf(properties));
    }

    private record ProductContext(String name, String application, Map<String, String> properties)
            implements IApplicationContext {
        @Override
        public Map<String, Object> getArguments() {
            return Map.of(IApplicationContext.APPLICATION_ARGS, new String[0]);
        }

        @Override
        public void applicationRunning() {
        }

        @Override
        public String getBrandingApplication() {
            return application;
        }

        @Override
        public String getBrandingName() {
            return name;
        }

        @Override
        public String getBrandingDescription() {
            return name + " workbench";
        }

        @Override
        public String getBrandingId() {
            return PRODUCT_ID;
        }

        @Override
        public String getBrandingProperty(String key) {
            return properties.get(key);
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

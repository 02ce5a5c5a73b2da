package org.perturber.install;

import org.eclipse.equinox.p2.core.IProvisioningAgent;
import org.eclipse.equinox.p2.core.spi.IAgentServiceFactory;

/** Gives every p2 agent of the product the {@link FileTransport} (registered by OSGI-INF/file-transport.xml). */
public class FileTransportFactory implements IAgentServiceFactory {
    @Override
    public Object createService(IProvisioningAgent agent) {
        return new FileTransport();
    }
}

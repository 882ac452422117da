package io.custos.cdi;

import io.custos.jpa.Caller;

/**
 * Tells the interceptor who is calling. The default resolver reads the MicroProfile JWT (name and
 * {@code groups}); an application with another security mechanism provides its own bean as an
 * {@code @Alternative} with a {@code @Priority}.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface CallerResolver {

    /** The current caller; an anonymous caller has no roles. */
    Caller current();
}

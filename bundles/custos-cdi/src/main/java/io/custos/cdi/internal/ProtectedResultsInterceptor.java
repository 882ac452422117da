package io.custos.cdi.internal;

import io.custos.cdi.CallerResolver;
import io.custos.cdi.ProtectedResults;
import io.custos.cdi.RuntimeRegistry;
import io.custos.api.error.ErrorCode;
import io.custos.jpa.Caller;
import io.custos.jpa.ProtectedValueException;
import io.custos.jpa.ProtectionRuntime;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.util.Collection;
import java.util.Optional;

/**
 * Turns the results of intercepted methods into views for the current caller. Runs early
 * ({@code LIBRARY_BEFORE}) so that application interceptors see the views too.
 */
@ProtectedResults
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE + 100)
public class ProtectedResultsInterceptor {
    private final RuntimeRegistry registry;
    private final CallerResolver callers;

    @Inject
    public ProtectedResultsInterceptor(RuntimeRegistry registry, CallerResolver callers) {
        this.registry = registry;
        this.callers = callers;
    }

    @AroundInvoke
    public Object protect(InvocationContext ctx) throws Exception {
        Object result = ctx.proceed();
        if (result == null) {
            return null;
        }
        Class<?> type = sampleType(result);
        ProtectionRuntime runtime = registry.forType(type);
        if (runtime == null) {
            if (type != null && type.isAnnotationPresent(jakarta.persistence.Entity.class)) {
                // Fail closed: an entity from a unit Custos was not told about may hold protected fields.
                throw new ProtectedValueException(ErrorCode.NO_RUNTIME_FOR_ENTITY,
                        ctx.getMethod() == null ? "intercepted method" : ctx.getMethod().getDeclaringClass().getSimpleName()
                                + "." + ctx.getMethod().getName(), type.getName());
            }
            return result;
        }
        Caller caller = callers.current();
        String purpose = purpose(ctx);
        if (!purpose.isEmpty()) {
            caller = caller.withPurpose(purpose);
        }
        return runtime.view(result, caller);
    }

    private static String purpose(InvocationContext ctx) {
        ProtectedResults onMethod = ctx.getMethod() == null ? null : ctx.getMethod().getAnnotation(ProtectedResults.class);
        if (onMethod != null && !onMethod.purpose().isEmpty()) {
            return onMethod.purpose();
        }
        ProtectedResults onClass = ctx.getMethod() == null ? null
                : ctx.getMethod().getDeclaringClass().getAnnotation(ProtectedResults.class);
        return onClass == null ? "" : onClass.purpose();
    }

    private static Class<?> sampleType(Object result) {
        Object sample = result;
        if (result instanceof Optional<?> o) {
            sample = o.orElse(null);
        } else if (result instanceof Collection<?> c) {
            sample = c.stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
        }
        return sample == null ? null : sample.getClass();
    }
}

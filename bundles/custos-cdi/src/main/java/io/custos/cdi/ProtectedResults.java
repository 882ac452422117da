package io.custos.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Results of the bean's methods leave as masked, audited views for the current caller. The extension adds
 * it to the beans the policy lists under {@code beans}; integrators may also put it on a class or method.
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ProtectedResults {

    /** The purpose recorded with each audited read (overrides the caller's own, when not empty). */
    @Nonbinding
    String purpose() default "";

    /** The literal for adding the binding programmatically. */
    final class Literal extends AnnotationLiteral<ProtectedResults> implements ProtectedResults {
        private static final long serialVersionUID = 1L;
        public static final Literal INSTANCE = new Literal();

        private Literal() {
        }

        @Override
        public String purpose() {
            return "";
        }
    }
}

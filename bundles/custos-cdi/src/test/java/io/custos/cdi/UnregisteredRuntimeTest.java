package io.custos.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.cdi.internal.ProtectedResultsInterceptor;
import io.custos.jpa.Caller;
import io.custos.jpa.ProtectedValueException;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bean the policy names returns entities of a persistence unit that never registered with Custos (for
 * instance one built before CDI started): the interceptor must refuse, not hand out plaintext.
 */
class UnregisteredRuntimeTest {
    @Entity
    public static class Patient {
        @Id
        Long id;
        String name = "Li Wei";
    }

    public static class Repository {
        public Patient find() {
            return new Patient();
        }
    }

    private final ProtectedResultsInterceptor interceptor =
            new ProtectedResultsInterceptor(new RuntimeRegistry(), () -> Caller.of("clerk", "sales"));

    @Test
    void entityWithoutRuntime_isRefused_notReturnedInPlaintext() throws Exception {
        assertThatThrownBy(() -> interceptor.protect(invocation(List.of(new Patient()))))
                .isInstanceOf(ProtectedValueException.class)
                .hasMessage("CUSTOS-1115 Repository.find returned entity " + Patient.class.getName()
                        + ", but no Custos protection runtime is registered for its persistence unit; refusing to return it unmasked")
                .hasMessageNotContaining("Li Wei");
    }

    @Test
    void nonEntityResults_passUnchanged() throws Exception {
        assertThat(interceptor.protect(invocation("a DTO or a count"))).isEqualTo("a DTO or a count");
        assertThat(interceptor.protect(invocation(List.of()))).isEqualTo(List.of());
    }

    private static InvocationContext invocation(Object result) throws NoSuchMethodException {
        Method method = Repository.class.getMethod("find");
        return new InvocationContext() {
            @Override
            public Object getTarget() {
                return new Repository();
            }

            @Override
            public Object getTimer() {
                return null;
            }

            @Override
            public Method getMethod() {
                return method;
            }

            @Override
            public Constructor<?> getConstructor() {
                return null;
            }

            @Override
            public Object[] getParameters() {
                return new Object[0];
            }

            @Override
            public void setParameters(Object[] params) {
            }

            @Override
            public Map<String, Object> getContextData() {
                return Map.of();
            }

            @Override
            public Object proceed() {
                return result;
            }
        };
    }
}

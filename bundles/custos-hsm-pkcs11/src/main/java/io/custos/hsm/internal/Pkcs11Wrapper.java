package io.custos.hsm.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reflective access to the JDK's PKCS#11 wrapper ({@code sun.security.pkcs11.wrapper}), the same native
 * binding SunPKCS11 uses, so both share one initialised library. Usable only when the JVM runs with
 * {@code --add-opens jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (or {@code --add-exports}
 * for the read-only calls); callers check {@link #readable()} / {@link #resettable()} first.
 *
 * <p>Used to list token labels (SunPKCS11 selects slots by index only), to read key attributes and the
 * mechanism list for the conformance check, and to re-initialise the library after the token or the
 * library failed (SunPKCS11 initialises a library once per JVM and never again).
 */
public final class Pkcs11Wrapper {
    static final String PACKAGE = "sun.security.pkcs11.wrapper";
    private static final long CKF_OS_LOCKING_OK = 0x2L;
    private static final long CKF_SERIAL_SESSION = 0x4L;
    private static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191L;
    private static final long CKR_CRYPTOKI_NOT_INITIALIZED = 0x190L;

    /** One slot of the library's slot list, at the index SunPKCS11's {@code slotListIndex} means. */
    public record Slot(int index, long slotId, String label, boolean initialized) {
    }

    private Pkcs11Wrapper() {
    }

    /** Whether the wrapper's public calls are reachable from this module. */
    public static boolean readable() {
        return module().map(m -> m.isExported(PACKAGE, Pkcs11Wrapper.class.getModule())).orElse(false);
    }

    /** Whether the library can be re-initialised (needs the package opened, not only exported). */
    public static boolean resettable() {
        return module().map(m -> m.isOpen(PACKAGE, Pkcs11Wrapper.class.getModule())).orElse(false);
    }

    private static Optional<Module> module() {
        return ModuleLayer.boot().findModule("jdk.crypto.cryptoki");
    }

    /** The slot list ({@code C_GetSlotList(false)}, the list SunPKCS11 indexes) with each token's label. */
    public static List<Slot> slots(String library) throws ReflectiveOperationException {
        Object p11 = instance(library);
        long[] ids = (long[]) call(p11, "C_GetSlotList", new Class<?>[] {boolean.class}, false);
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            Object info = call(p11, "C_GetTokenInfo", new Class<?>[] {long.class}, ids[i]);
            char[] label = (char[]) info.getClass().getField("label").get(info);
            long flags = info.getClass().getField("flags").getLong(info);
            boolean initialized = (flags & 0x400L) != 0; // CKF_TOKEN_INITIALIZED
            slots.add(new Slot(i, ids[i], new String(label).strip(), initialized));
        }
        return slots;
    }

    /** The names of the mechanisms the token in {@code slotId} offers. */
    public static List<String> mechanisms(String library, long slotId) throws ReflectiveOperationException {
        Object p11 = instance(library);
        long[] mechs = (long[]) call(p11, "C_GetMechanismList", new Class<?>[] {long.class}, slotId);
        Class<?> functions = Class.forName(PACKAGE + ".Functions");
        Method name = functions.getMethod("getMechanismName", long.class);
        List<String> names = new ArrayList<>();
        for (long m : mechs) {
            names.add((String) name.invoke(null, m));
        }
        return names;
    }

    public static final long CKA_CLASS = 0x0L;
    public static final long CKA_LABEL = 0x3L;
    public static final long CKA_ID = 0x102L;
    public static final long CKO_PRIVATE_KEY = 0x3L;
    public static final long CKO_SECRET_KEY = 0x4L;

    /**
     * Boolean attributes of every object of class {@code objectClass} whose {@code searchType} attribute
     * ({@link #CKA_LABEL} with a String, {@link #CKA_ID} with a byte[]) equals {@code value}, read in a
     * session of this process (so private objects are visible once SunPKCS11 has logged in).
     *
     * @param attributeTypes CKA_ constants, e.g. {@code 0x103} for CKA_SENSITIVE
     * @return one array per object found, in the order of {@code attributeTypes}
     */
    public static List<boolean[]> booleanAttributes(String library, long slotId, long objectClass, long searchType,
                                                    Object value, long... attributeTypes)
            throws ReflectiveOperationException {
        Object p11 = instance(library);
        Class<?> attrClass = Class.forName(PACKAGE + ".CK_ATTRIBUTE");
        Object template = java.lang.reflect.Array.newInstance(attrClass, 2);
        java.lang.reflect.Array.set(template, 0,
                attrClass.getConstructor(long.class, long.class).newInstance(CKA_CLASS, objectClass));
        java.lang.reflect.Array.set(template, 1,
                attrClass.getConstructor(long.class, Object.class).newInstance(searchType, value));
        long session = (long) call(p11, "C_OpenSession",
                new Class<?>[] {long.class, long.class, Object.class, Class.forName(PACKAGE + ".CK_NOTIFY")},
                slotId, CKF_SERIAL_SESSION, null, null);
        List<boolean[]> result = new ArrayList<>();
        try {
            call(p11, "C_FindObjectsInit", new Class<?>[] {long.class, template.getClass()}, session, template);
            long[] handles = (long[]) call(p11, "C_FindObjects", new Class<?>[] {long.class, long.class}, session, 64L);
            call(p11, "C_FindObjectsFinal", new Class<?>[] {long.class}, session);
            for (long handle : handles) {
                Object attrs = java.lang.reflect.Array.newInstance(attrClass, attributeTypes.length);
                for (int i = 0; i < attributeTypes.length; i++) {
                    java.lang.reflect.Array.set(attrs, i, attrClass.getConstructor(long.class).newInstance(attributeTypes[i]));
                }
                call(p11, "C_GetAttributeValue", new Class<?>[] {long.class, long.class, attrs.getClass()},
                        session, handle, attrs);
                boolean[] values = new boolean[attributeTypes.length];
                for (int i = 0; i < attributeTypes.length; i++) {
                    Object a = java.lang.reflect.Array.get(attrs, i);
                    values[i] = (boolean) attrClass.getMethod("getBoolean").invoke(a);
                }
                result.add(values);
            }
        } finally {
            call(p11, "C_CloseSession", new Class<?>[] {long.class}, session);
        }
        return result;
    }

    /**
     * Finalises and initialises the library again, so it forgets a removed token and finds it anew.
     * Every session of every SunPKCS11 instance on this library becomes invalid.
     */
    public static synchronized void reinitialize(String library) throws ReflectiveOperationException {
        Object p11 = instance(library);
        try {
            call(p11, "C_Finalize", new Class<?>[] {Object.class}, (Object) null);
        } catch (InvocationTargetException e) {
            if (errorCode(e.getCause()) != CKR_CRYPTOKI_NOT_INITIALIZED) {
                throw e;
            }
        }
        Class<?> argsClass = Class.forName(PACKAGE + ".CK_C_INITIALIZE_ARGS");
        Object args = argsClass.getConstructor().newInstance();
        argsClass.getField("flags").setLong(args, CKF_OS_LOCKING_OK);
        Method init = Class.forName(PACKAGE + ".PKCS11").getDeclaredMethod("C_Initialize", Object.class);
        init.setAccessible(true);
        try {
            init.invoke(p11, args);
        } catch (InvocationTargetException e) {
            if (errorCode(e.getCause()) != CKR_CRYPTOKI_ALREADY_INITIALIZED) {
                throw e;
            }
        }
    }

    /** Closes session handles 1..{@code upTo} of this process: provokes "session lost" in tests. */
    public static int closeSessions(String library, long upTo) throws ReflectiveOperationException {
        Object p11 = instance(library);
        int closed = 0;
        for (long h = 1; h <= upTo; h++) {
            try {
                call(p11, "C_CloseSession", new Class<?>[] {long.class}, h);
                closed++;
            } catch (InvocationTargetException e) {
                // not a session of ours
            }
        }
        return closed;
    }

    /** Finalises the library without initialising it again: provokes "library failed" in tests. */
    public static void finalizeLibrary(String library) throws ReflectiveOperationException {
        call(instance(library), "C_Finalize", new Class<?>[] {Object.class}, (Object) null);
    }

    private static Object instance(String library) throws ReflectiveOperationException {
        Class<?> pkcs11 = Class.forName(PACKAGE + ".PKCS11");
        Class<?> argsClass = Class.forName(PACKAGE + ".CK_C_INITIALIZE_ARGS");
        Object args = argsClass.getConstructor().newInstance();
        argsClass.getField("flags").setLong(args, CKF_OS_LOCKING_OK);
        Method getInstance = pkcs11.getMethod("getInstance", String.class, String.class, argsClass, boolean.class);
        return getInstance.invoke(null, library, "C_GetFunctionList", args, false);
    }

    private static Object call(Object target, String name, Class<?>[] types, Object... args)
            throws ReflectiveOperationException {
        return Class.forName(PACKAGE + ".PKCS11").getMethod(name, types).invoke(target, args);
    }

    /** The CKR_ code of a wrapper exception, or -1. */
    static long errorCode(Throwable t) {
        if (t == null || !t.getClass().getName().equals(PACKAGE + ".PKCS11Exception")) {
            return -1;
        }
        try {
            return (long) t.getClass().getMethod("getErrorCode").invoke(t);
        } catch (ReflectiveOperationException e) {
            return -1;
        }
    }
}

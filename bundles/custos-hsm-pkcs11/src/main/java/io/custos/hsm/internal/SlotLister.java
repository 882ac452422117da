package io.custos.hsm.internal;

import java.lang.reflect.InvocationTargetException;

/**
 * Lists the slots of a PKCS#11 library with their token labels, one per line, for a parent JVM that cannot
 * reach the JDK's PKCS#11 wrapper itself. Run in a child JVM with
 * {@code --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED}.
 *
 * <p>Output: {@code slot<TAB>index<TAB>slotId<TAB>initialized<TAB>label}, or one line
 * {@code error<TAB>library|listing<TAB>reason} and exit status 1.
 */
public final class SlotLister {
    private SlotLister() {
    }

    public static void main(String[] args) {
        try {
            for (Pkcs11Wrapper.Slot s : Pkcs11Wrapper.slots(args[0])) {
                System.out.println("slot\t" + s.index() + "\t" + s.slotId() + "\t" + s.initialized() + "\t" + s.label());
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String kind = cause instanceof java.io.IOException ? "library" : "listing";
            System.out.println("error\t" + kind + "\t" + firstLine(cause));
            System.exit(1);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.out.println("error\tlisting\t" + firstLine(e));
            System.exit(1);
        }
    }

    static String firstLine(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}

package io.custos.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/** {@code java -jar custos-cli.jar demo [keystore]}: the command-line entry point. */
public final class CustosCli {
    private CustosCli() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        if (args.length == 0 || !args[0].equals("demo")) {
            out.println("usage: custos-cli demo [keystore.p12]");
            out.println("  Runs the crypto engine end to end on a software keystore (created if missing).");
            out.println("  The keystore password comes from CUSTOS_KEYSTORE_PASSWORD.");
            System.exit(args.length == 0 ? 0 : 2);
            return;
        }
        Path keystore = Path.of(args.length > 1 ? args[1] : "run/demo-keystore.p12");
        int status = new Demo(out).run(keystore, System.getenv("CUSTOS_KEYSTORE_PASSWORD"));
        System.exit(status);
    }
}

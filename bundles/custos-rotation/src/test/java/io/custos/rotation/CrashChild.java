package io.custos.rotation;

import java.time.Duration;

/**
 * The crash test's child JVM: an application instance over the PostgreSQL schema given, with the key rotated
 * to version 2, running a worker until no live job is left. Arguments: JDBC URL, instance id, lease in ms.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Db db = new Db(Db.Kind.POSTGRESQL, args[0], "postgres", null);
        Fixture f = new Fixture(db, 2);
        RotationEnvironment env = f.env(args[1]).lease(Duration.ofMillis(Long.parseLong(args[2]))).chunkSize(20).build();
        RotationWorker worker = new RotationWorker(env, 1);
        System.out.println("child " + args[1] + " polling");
        long idle = 0;
        while (idle < 40) { // stop 4 s after the last live job ended (or never appeared)
            worker.pollOnce();
            boolean live = f.jobs.jobs().stream().anyMatch(j -> j.state().live());
            idle = live ? 0 : idle + 1;
            Thread.sleep(100);
        }
        System.out.println("child " + args[1] + " done");
        System.exit(0);
    }
}

package org.practicehub;

/** The command line's package-private entry points, for tests in other packages. */
public final class HubAccess {

    private HubAccess() {}

    public static int runOnce(java.io.PrintStream err) {
        return Hub.runOnce(err);
    }
}

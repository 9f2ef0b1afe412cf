package nl.opencordon.vision.train;

import java.nio.file.Path;

/** Default file locations for the command-line tools, relative to the vision module. */
public final class ModuleDir {

    /** Set by the exec plugin configuration in vision/pom.xml; the working directory otherwise. */
    public static final String PROPERTY = "anpr.vision.moduleDir";

    private ModuleDir() {
    }

    public static Path resolve(String relative) {
        return Path.of(System.getProperty(PROPERTY, ".")).resolve(relative);
    }
}

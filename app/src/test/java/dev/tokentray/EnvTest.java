package dev.tokentray;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The home directory and everything under it, per OS, as the AWS CLI finds them: botocore expands
 * {@code ~/.aws/config} with Python's os.path.expanduser, which on POSIX reads HOME and on Windows
 * (Python 3.8 and later, which AWS CLI v2 bundles) reads USERPROFILE, then HOMEDRIVE + HOMEPATH,
 * and never HOME.
 */
class EnvTest {
    /** What Git Bash on Windows hands a process it starts: its own HOME beside the profile directory. */
    private static Map<String, String> bothSet() {
        Map<String, String> vars = new HashMap<>();
        vars.put("HOME", "/home/gitbash");
        vars.put("USERPROFILE", "C:\\Users\\alice");
        vars.put("HOMEDRIVE", "H:");
        vars.put("HOMEPATH", "\\alice");
        return vars;
    }

    private static String s(Path p) {
        return p.toString().replace('\\', '/');
    }

    @Test
    void onWindowsTheHomeIsUserprofileWhateverHomeSays() {
        Env env = new Env(bothSet(), "Windows 11");
        assertEquals("C:/Users/alice", s(env.home()));
        assertEquals("C:/Users/alice/.aws/config", s(env.awsConfigFile()));
        assertEquals("C:/Users/alice/.aws/credentials", s(env.awsCredentialsFile()));
        assertEquals("C:/Users/alice/AppData/Roaming/tokentray", s(env.tokentrayHome()), "no APPDATA: under the profile");
        assertEquals("C:/Users/alice/tt", s(env.expand("~/tt")));

        Map<String, String> withAppData = bothSet();
        withAppData.put("APPDATA", "C:\\Users\\alice\\AppData\\Roaming");
        assertEquals("C:/Users/alice/AppData/Roaming/tokentray", s(new Env(withAppData, "Windows 11").tokentrayHome()));
    }

    @Test
    void onWindowsWithoutUserprofileTheHomeIsHomedriveAndHomepath() {
        Map<String, String> vars = bothSet();
        vars.remove("USERPROFILE");
        assertEquals("H:/alice/.aws/config", s(new Env(vars, "Windows Server 2022").awsConfigFile()));
        vars.remove("HOMEDRIVE");
        assertEquals("/alice/.aws/config", s(new Env(vars, "Windows 10").awsConfigFile()));
        vars.remove("HOMEPATH");
        assertEquals(s(Path.of(System.getProperty("user.home"), ".aws", "config")),
                s(new Env(vars, "Windows 10").awsConfigFile()), "then the JVM's own idea of the profile");
    }

    @Test
    void onMacosAndLinuxTheHomeIsHome() {
        Env mac = new Env(bothSet(), "Mac OS X");
        assertEquals("/home/gitbash/.aws/config", s(mac.awsConfigFile()));
        assertEquals("/home/gitbash/Library/Application Support/tokentray", s(mac.tokentrayHome()));
        Env linux = new Env(bothSet(), "Linux");
        assertEquals("/home/gitbash/.aws/credentials", s(linux.awsCredentialsFile()));
        assertEquals("/home/gitbash/.local/share/tokentray", s(linux.tokentrayHome()));

        Map<String, String> noHome = bothSet();
        noHome.remove("HOME");
        assertEquals(s(Path.of(System.getProperty("user.home"), ".aws", "config")),
                s(new Env(noHome, "Linux").awsConfigFile()), "USERPROFILE means nothing here: the account's home");
    }
}

package io.shardedjdbc.config;

import io.shardedjdbc.SqlState;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;

/** Reads the text of the topology file a {@link ShardedUrl} names. */
final class TopologySource {
    private TopologySource() {
    }

    /** @return a stable identity of the file: its absolute path, or {@code classpath:<resource>} */
    static String identity(ShardedUrl url) throws SQLException {
        return url.kind() == ShardedUrl.Kind.FILE ? url.path().toString() : "classpath:" + url.resource();
    }

    static String read(ShardedUrl url) throws SQLException {
        return url.kind() == ShardedUrl.Kind.FILE ? readFile(url) : readResource(url);
    }

    private static String readFile(ShardedUrl url) throws SQLException {
        Path path = url.path();
        String named = "topology file " + url.location()
                + (url.location().equals(path.toString()) ? "" : " (" + path + ")");
        if (Files.isDirectory(path)) {
            throw SqlState.CONFIG_INVALID.exception(named + " is a directory; name the YAML file itself");
        }
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw SqlState.CONFIG_INVALID.exception(named + " not found; relative paths resolve against the "
                    + "working directory " + Path.of("").toAbsolutePath(), e);
        } catch (AccessDeniedException e) {
            throw SqlState.CONFIG_INVALID.exception(named + " cannot be read: permission denied", e);
        } catch (CharacterCodingException e) {
            throw SqlState.CONFIG_INVALID.exception(named + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw SqlState.CONFIG_INVALID.exception(named + " cannot be read: " + e, e);
        }
    }

    private static String readResource(ShardedUrl url) throws SQLException {
        String resource = url.resource();
        // application servers put the application's resources on the context loader, not on ours
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
        if (in == null) {
            in = TopologySource.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw SqlState.CONFIG_INVALID.exception("topology classpath resource " + resource
                    + " not found on the class path");
        }
        try (InputStream stream = in) {
            byte[] bytes = stream.readAllBytes();
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw SqlState.CONFIG_INVALID.exception("topology classpath resource " + resource
                    + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw SqlState.CONFIG_INVALID.exception("topology classpath resource " + resource
                    + " cannot be read: " + e, e);
        }
    }
}

package dev.switchboard.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class JarSnapshotTest {

	@TempDir
	Path dir;

	@Test
	void theCopyStaysWhenTheJarIsRebuilt() throws IOException {
		Path jar = jar("first");
		Path copy = JarSnapshot.of(jar);
		byte[] original = Files.readAllBytes(copy);

		Files.write(jar, new byte[] { 1, 2, 3 });

		assertThat(copy).isNotEqualTo(jar);
		assertThat(Files.readAllBytes(copy)).isEqualTo(original);
		assertThat(JarSnapshot.isComplete(copy)).isTrue();
		JarSnapshot.delete(copy);
		assertThat(copy.getParent()).doesNotExist();
	}

	@Test
	void aHalfWrittenJarIsNotComplete() throws IOException {
		Path jar = jar("whole");
		byte[] bytes = Files.readAllBytes(jar);
		Path half = this.dir.resolve("half.jar");
		Files.write(half, Arrays.copyOf(bytes, bytes.length / 2));
		assertThat(JarSnapshot.isComplete(half)).isFalse();
	}

	private Path jar(String content) throws IOException {
		Path jar = this.dir.resolve("service.jar");
		try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
			zip.putNextEntry(new ZipEntry("content.txt"));
			zip.write(content.repeat(100).getBytes());
			zip.closeEntry();
		}
		return jar;
	}

}

using System.Runtime.InteropServices;

namespace AdaFtr.Checkpoints;

/// <summary>
/// fsync of a folder: on Linux a file's own fsync makes its bytes durable but not its name, so the renames that put
/// a checkpoint's files in place are flushed through the folder before the manifest that vouches for them appears.
/// .NET opens no folder as a file, hence libc. Windows (NTFS journals names with the file) needs nothing.
/// </summary>
internal static class FolderSync
{
    /// <exception cref="IOException">naming the folder, when it cannot be flushed.</exception>
    public static void Flush(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        int fd = open(folder, ReadOnly);
        if (fd < 0) throw new IOException($"{folder}: cannot open the folder to flush it to disk (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (fsync(fd) != 0) throw new IOException($"{folder}: flushing the folder to disk failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally { _ = close(fd); }
    }

    private const int ReadOnly = 0;

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in the project for a call made once per checkpoint.
    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int fsync(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
#pragma warning restore SYSLIB1054
}

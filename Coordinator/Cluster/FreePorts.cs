using System.Net;
using System.Net.Sockets;

namespace AdaFtr.Coordinator.Cluster;

/// <summary>Loopback ports nobody listens on right now, never the same one twice in this process.</summary>
public static class FreePorts
{
    // The kernel may hand a just-released ephemeral port out again at once: a silo then got the same port for
    // its silo and gateway endpoints and refused to start.
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (Given.Add(port)) return port;
            }
        }
    }
}

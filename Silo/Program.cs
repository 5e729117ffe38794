using Orleans.Dashboard;

// A single silo with localhost clustering and the Orleans dashboard on 127.0.0.1. The Distributed
// issue adds the typed silo configuration (file + environment + flags), Redis clustering and devices.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:8080");
builder.UseOrleans(silo => silo
    .UseLocalhostClustering()
    .AddDashboard());
var app = builder.Build();
app.MapOrleansDashboard(routePrefix: "/dashboard");
await app.RunAsync();

using System.Runtime.CompilerServices;
using AdaFtr.Model.Runtime;

namespace AdaFtr.Coordinator.Tests;

/// <summary>Sets the OpenMP wait policy before any test loads libtorch (the build machine's cores are shared).</summary>
internal static class PassiveOpenMp
{
    [ModuleInitializer]
    internal static void Initialize() => OpenMpWaitPolicy.PreferPassive();
}

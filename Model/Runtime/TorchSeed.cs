using TorchSharp;

namespace AdaFtr.Model.Runtime;

/// <summary>
/// Seeds every generator libtorch draws from: the CPU's and, where CUDA is loaded, each GPU's
/// (a no-op without CUDA). Initial parameters are the only random draws of a job; a step draws
/// nothing, so a retried step cannot differ by its random numbers on any device.
/// </summary>
public static class TorchSeed
{
    public static void Everywhere(long seed)
    {
        torch.manual_seed(seed);
        torch.cuda.manual_seed_all(seed);
    }
}

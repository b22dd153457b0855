using MlNetOptimizers.Lab;

namespace MlNetOptimizers.Tests.Lab;

public class TestFunctionTests
{
    public static TheoryData<string> Functions => new(AllFunctions().Select(f => f.Name));

    private static IEnumerable<TestFunction> AllFunctions() =>
        [new IllConditionedQuadratic(50), new SaddlePoint(), new TiltedDoubleWell(), new Rosenbrock(), new Beale()];

    [Theory]
    [MemberData(nameof(Functions))]
    public void Analytic_gradient_matches_central_finite_differences(string name)
    {
        var f = AllFunctions().Single(x => x.Name == name);
        var (xMin, xMax, yMin, yMax) = f.PlotBounds;
        var random = new Random(7);
        for (int i = 0; i < 50; i++)
        {
            double x = xMin + random.NextDouble() * (xMax - xMin), y = yMin + random.NextDouble() * (yMax - yMin);
            const double h = 1e-5;
            double dx = (f.Value(x + h, y) - f.Value(x - h, y)) / (2 * h);
            double dy = (f.Value(x, y + h) - f.Value(x, y - h)) / (2 * h);
            var (gx, gy) = f.Gradient(x, y);
            gx.Should().BeApproximately(dx, 1e-4 * Math.Max(1, Math.Abs(dx)), $"∂f/∂x at ({x}, {y})");
            gy.Should().BeApproximately(dy, 1e-4 * Math.Max(1, Math.Abs(dy)), $"∂f/∂y at ({x}, {y})");
        }
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public void Gradient_vanishes_at_the_global_minimum_and_nowhere_lower_on_a_grid(string name)
    {
        var f = AllFunctions().Single(x => x.Name == name);
        var m = f.GlobalMinimum;
        var (gx, gy) = f.Gradient(m.X, m.Y);
        Math.Abs(gx).Should().BeLessThan(1e-9);
        Math.Abs(gy).Should().BeLessThan(1e-9);

        var (xMin, xMax, yMin, yMax) = f.PlotBounds;
        for (int i = 0; i <= 40; i++)
        {
            for (int j = 0; j <= 40; j++)
            {
                f.Value(xMin + i * (xMax - xMin) / 40, yMin + j * (yMax - yMin) / 40).Should().BeGreaterThanOrEqualTo(f.MinimumValue - 1e-12);
            }
        }
    }

    [Fact]
    public void The_double_well_has_a_higher_local_minimum_to_the_right_of_the_global_one()
    {
        var f = new TiltedDoubleWell();
        f.GlobalMinimum.X.Should().BeApproximately(-1.036, 1e-3);
        f.LocalMinimum.X.Should().BeApproximately(0.960, 1e-3);
        f.Value(f.LocalMinimum.X, 0).Should().BeGreaterThan(f.MinimumValue + 0.5);
    }
}

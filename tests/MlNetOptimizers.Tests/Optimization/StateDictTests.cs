namespace MlNetOptimizers.Tests.Optimization;

/// <summary>Optimizer state as data (PyTorch's state_dict): export, import, and a user-written optimizer taking part.</summary>
public class StateDictTests
{
    public static TheoryData<string> Optimizers => new() { "sgd", "momentum", "adagrad", "rmsprop", "adam", "amsgrad", "adamw" };

    private static IOptimizer Create(string key) => key switch
    {
        "sgd" => new Sgd(0.1f, weightDecay: 0.01f),
        "momentum" => new Momentum(0.1f, nesterov: true),
        "adagrad" => new AdaGrad(0.1f),
        "rmsprop" => new RmsProp(0.01f, momentum: 0.9f, centered: true),
        "adam" => new Adam(0.1f),
        "amsgrad" => new Adam(0.1f, amsGrad: true),
        _ => new AdamW(0.1f),
    };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_state_imported_from_an_export_steps_exactly_as_the_original(string key)
    {
        var optimizer = Create(key).WithSchedule(new ExponentialSchedule(0.9f));
        float[] theta = [1f, -2f, 0.5f], gradient = [0.3f, -0.1f, 0.2f];
        var state = optimizer.CreateState(3);
        optimizer.Step(theta, gradient, state);
        optimizer.Step(theta, [0.1f, 0.4f, -0.3f], state);

        var copy = optimizer.CreateState(3);
        copy.ImportState(state.ExportState());
        copy.StepCount.Should().Be(2);
        var twin = (float[])theta.Clone();
        optimizer.Step(theta, gradient, state);
        optimizer.Step(twin, gradient, copy);
        twin.Should().Equal(theta);
    }

    [Fact]
    public void Adam_exports_its_moments_under_pytorch_names()
    {
        var state = new Adam().CreateState(2);
        state.ExportState().Buffers.Keys.Should().BeEquivalentTo("stage0.exp_avg", "stage0.exp_avg_sq");
    }

    [Fact]
    public void A_state_dict_of_another_optimizer_or_length_is_refused()
    {
        var adam = new Adam().CreateState(3);
        new Momentum(0.1f).CreateState(3).Invoking(s => s.ImportState(adam.ExportState()))
            .Should().Throw<ArgumentException>().WithMessage("*another optimizer*");
        new Adam().CreateState(4).Invoking(s => s.ImportState(adam.ExportState()))
            .Should().Throw<ArgumentException>().WithMessage("*has 3 values; this state has 4 parameters*");
    }

    [Fact]
    public void A_user_written_state_takes_part_by_registering_its_buffers()
    {
        var state = new AccumulatingState(2);
        state.Sum[0] = 5f;
        state.BeginStep();
        var copy = new AccumulatingState(2);
        copy.ImportState(state.ExportState());
        copy.Sum.Should().Equal(5f, 0f);
        copy.StepCount.Should().Be(1);
    }

    private sealed class AccumulatingState : OptimizerState
    {
        public AccumulatingState(int parameterCount) : base(parameterCount) => RegisterBuffer("sum", Sum = new float[parameterCount]);

        public float[] Sum { get; }
    }
}

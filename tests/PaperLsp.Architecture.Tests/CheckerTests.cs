namespace PaperLsp.Architecture.Tests;

/// <summary>The checkers themselves: they must see a cycle where there is one, and none where there is none.</summary>
public sealed class CheckerTests
{
    private static SourceFile File(string path, string text) => CSharpSource.Parse(path, text);

    [Fact]
    public void A_namespace_cycle_through_imports_is_found()
    {
        var graph = NamespaceGraph.Build(
        [
            File("A.cs", "using Demo.B;\nnamespace Demo.A;\npublic sealed class Alpha { public Beta? Other; }\n"),
            File("B.cs", "using Demo.C;\nnamespace Demo.B;\npublic sealed class Beta { public Gamma? Other; }\n"),
            File("C.cs", "using Demo.A;\nnamespace Demo.C;\npublic sealed class Gamma { public Alpha? Other; }\n"),
            File("D.cs", "using Demo.A;\nnamespace Demo.D;\npublic sealed class Delta { public Alpha? Other; }\n"),
        ]);

        var cycles = Cycles.Find(graph.Namespaces, graph.Targets);

        var cycle = Assert.Single(cycles);
        Assert.Equal(["Demo.A", "Demo.B", "Demo.C"], cycle);
        Assert.Equal("C.cs: Alpha", graph.Evidence("Demo.C", "Demo.A"));
    }

    [Fact]
    public void A_child_naming_its_parents_type_without_a_using_closes_a_cycle()
    {
        // C# finds types of enclosing namespaces without a using directive; the checker must too.
        var graph = NamespaceGraph.Build(
        [
            File("Root.cs", "using Demo.Handlers;\nnamespace Demo;\npublic static class Registry { public static object Make() => new Handler(); }\n"),
            File("Handler.cs", "namespace Demo.Handlers;\npublic sealed class Handler { public string Name => Commands.Search; }\n"),
            File("Commands.cs", "namespace Demo;\npublic static class Commands { public const string Search = \"s\"; }\n"),
        ]);

        Assert.Equal([["Demo", "Demo.Handlers"]], Cycles.Find(graph.Namespaces, graph.Targets));
    }

    [Fact]
    public void Fully_qualified_names_are_edges_too()
    {
        var graph = NamespaceGraph.Build(
        [
            File("A.cs", "namespace Demo.A;\npublic sealed class Alpha { public Demo.B.Beta? Other; }\n"),
            File("B.cs", "namespace Demo.B;\npublic sealed class Beta { public global::Demo.A.Alpha? Other; }\n"),
        ]);

        Assert.Equal([["Demo.A", "Demo.B"]], Cycles.Find(graph.Namespaces, graph.Targets));
    }

    [Fact]
    public void One_way_use_and_names_in_comments_or_strings_make_no_cycle()
    {
        var graph = NamespaceGraph.Build(
        [
            File("A.cs", "using Demo.B;\nnamespace Demo.A;\npublic sealed class Alpha { public Beta? Other; }\n"),
            File("B.cs", "namespace Demo.B;\n// Alpha is mentioned here only in prose.\npublic sealed class Beta { public string S = \"Alpha\"; public string R = \"\"\"Alpha\"\"\"; }\n"),
        ]);

        Assert.Empty(Cycles.Find(graph.Namespaces, graph.Targets));
        Assert.NotNull(graph.Evidence("Demo.A", "Demo.B"));
        Assert.Null(graph.Evidence("Demo.B", "Demo.A"));
    }

    [Fact]
    public void A_variable_named_record_copied_with_a_with_expression_declares_no_type()
    {
        // "record with { … }" is a with-expression on a variable called record, not a record type called "with".
        var graph = NamespaceGraph.Build(
        [
            File("Writer.cs", "using Demo.Parts;\nnamespace Demo;\npublic static class Writer { public static Part Copy(Part record) => record with { Name = \"\" }; }\n"),
            File("Part.cs", "namespace Demo.Parts;\npublic sealed record Part(string Name) { public Part Renamed() => this with { Name = \"x\" }; }\n"),
        ]);

        Assert.DoesNotContain("with", CSharpSource.Parse("Writer.cs", "namespace Demo;\nclass W { object M(object record) => record with { }; }\n").DeclaredTypes);
        Assert.Empty(Cycles.Find(graph.Namespaces, graph.Targets));
    }

    [Fact]
    public void A_type_of_the_own_namespace_shadows_an_imported_one()
    {
        var graph = NamespaceGraph.Build(
        [
            File("A.cs", "using Demo.B;\nnamespace Demo.A;\npublic sealed class TextEdit { }\npublic sealed class User { public TextEdit? Edit; }\n"),
            File("B.cs", "namespace Demo.B;\npublic sealed class TextEdit { }\n"),
        ]);

        Assert.Null(graph.Evidence("Demo.A", "Demo.B"));
    }

    [Fact]
    public void An_imported_namespace_outside_the_files_is_an_external_edge()
    {
        var graph = NamespaceGraph.Build(
        [
            File("A.cs", "using Microsoft.Data.Sqlite;\nnamespace Demo.A;\npublic sealed class Alpha { }\n"),
            File("B.cs", "using Microsoft.Data.Sqlite;\nnamespace Demo.B;\npublic sealed class Beta { }\n"),
            File("C.cs", "namespace Demo.C;\npublic sealed class Gamma { public Microsoft.Data.Sqlite.SqliteConnection? C; }\n"),
        ]);

        Assert.NotNull(graph.Evidence("Demo.A", "Microsoft.Data.Sqlite"));
        Assert.Equal("C.cs: Microsoft.Data.Sqlite.SqliteConnection", graph.Evidence("Demo.C", "Microsoft.Data.Sqlite"));
    }

    [Fact]
    public void A_project_reference_cycle_is_found()
    {
        var references = new Dictionary<string, string[]>
        {
            ["App"] = ["Lib"],
            ["Lib"] = ["Core"],
            ["Core"] = ["Lib"],
        };

        Assert.Equal([["Core", "Lib"]], Cycles.Find(references.Keys, p => references[p]));
    }
}

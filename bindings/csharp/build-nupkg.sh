#!/usr/bin/env bash
# Builds Hatsugen.VERSION.nupkg without the .NET SDK: Hatsugen.dll compiled by Mono's mcs
# (lib/net461/; .NET Core and .NET 5+ use it through NuGet's .NET Framework fallback) with
# its XML docs, libhatsugen.so under runtimes/linux-x64/native/, the nuspec, README and
# the OPC files NuGet expects. `dotnet pack` on Hatsugen.csproj makes the same layout with
# lib/netstandard2.0/.
# Usage: build-nupkg.sh LIBHATSUGEN_SO OUT_DIR   (prints the package's path)
set -euo pipefail
lib=$(realpath "$1")
out=$(mkdir -p "$2" && cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$here/Hatsugen.csproj" | head -n1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lib/net461" "$work/runtimes/linux-x64/native" "$work/_rels"
mcs -codepage:utf8 -warnaserror -nologo -target:library -optimize+ -doc:"$work/lib/net461/Hatsugen.xml" \
  -out:"$work/lib/net461/Hatsugen.dll" "$here/Hatsugen.cs"
cp "$lib" "$work/runtimes/linux-x64/native/libhatsugen.so"
cp "$here/README.md" "$work/README.md"
sed "s/\\\$version\\\$/$version/" "$here/Hatsugen.nuspec" >"$work/Hatsugen.nuspec"
cat >"$work/[Content_Types].xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" /><Default Extension="nuspec" ContentType="application/octet" /><Default Extension="dll" ContentType="application/octet" /><Default Extension="xml" ContentType="application/octet" /><Default Extension="so" ContentType="application/octet" /><Default Extension="md" ContentType="application/octet" /></Types>
XML
cat >"$work/_rels/.rels" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/Hatsugen.nuspec" Id="R0" /></Relationships>
XML
pkg="$out/Hatsugen.$version.nupkg"
rm -f "$pkg"
(cd "$work" && zip -q -X -r "$pkg" Hatsugen.nuspec README.md lib runtimes _rels '[Content_Types].xml')
echo "$pkg"

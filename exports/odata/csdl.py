"""``$metadata``: the feed's entity types and sets in CSDL XML (OData v4)."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from .model import EntitySet

NAMESPACE = "Assurance"


def metadata_xml(entity_sets: tuple[EntitySet, ...]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
             "  <edmx:DataServices>",
             f'    <Schema Namespace="{NAMESPACE}" xmlns="http://docs.oasis-open.org/odata/ns/edm">']
    for entity in entity_sets:
        lines.append(f'      <EntityType Name="{entity.type_name}">')
        lines.append(f'        <Key><PropertyRef Name="{entity.key}"/></Key>')
        for p in entity.props:
            nullable = "" if p.nullable else ' Nullable="false"'
            lines.append(f'        <Property Name="{p.name}" Type="{p.edm}"{nullable}/>')
        lines.append("      </EntityType>")
    lines.append('      <EntityContainer Name="Container">')
    for entity in entity_sets:
        lines.append(f'        <EntitySet Name="{entity.name}" '
                     f'EntityType="{NAMESPACE}.{entity.type_name}">')
        if entity.description:
            lines.append('          <Annotation Term="Org.OData.Core.V1.Description" '
                         f"String={quoteattr(entity.description)}/>")
        lines.append("        </EntitySet>")
    lines += ["      </EntityContainer>", "    </Schema>", "  </edmx:DataServices>",
              "</edmx:Edmx>"]
    return "\n".join(lines) + "\n"

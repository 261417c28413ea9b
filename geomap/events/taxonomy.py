"""ACLED's event taxonomy: each trigger kind of :mod:`.classify` -> ``event_type`` / ``sub_event_type``.

The names are those of ACLED's codebook, so that output lines up with the data analysts use.
Trigger -> type table (the trigger words are in ``classify._LEXICON``; a generic attack word -
"attacked", "hit", "struck", "fired", "opened fire" - takes the kind of the weapon named in its
sentence: drones/aircraft -> ``strike``, missiles/rockets -> ``missile``, artillery/mortars ->
``shelling``, troops/forces or armour - "T-72", "BMP", "a Russian tank" - -> ``ground_fighting``; "Lancet",
"FPV", "Geran" are drones; the camera's drone in "Drone footage of" types nothing):

====================  ==========================  ==========================================  ==========================================
kind                  event_type                  sub_event_type                              trigger examples
====================  ==========================  ==========================================  ==========================================
strike                Explosions/Remote violence  Air/drone strike                            "airstrike", "air raid", "drone attack", "bombed"
                                                                                              captions: "drone hitting", "jets bomb",
                                                                                              "glide bombs striking", "helicopter attacking"
missile               Explosions/Remote violence  Shelling/artillery/missile attack           "missile strike", "missiles hit", "rocket attack",
                                                                                              "missile slams into", "missile hitting"
shelling              Explosions/Remote violence  Shelling/artillery/missile attack           "shelled", "artillery", "mortars", "HIMARS", "MLRS",
                                                                                              "forces shell X" (not "Shell", "a shell of")
explosion             Explosions/Remote violence  Remote explosive/landmine/IED               "explosion", "blast", "landmine", "IED", "car bomb"
ground_fighting       Battles                     Armed clash                                 "clashed", "armed clash", "fighting", "assault",
                                                                                              "offensive towards", "repelled", "captured";
                                                                                              captions: "troops storm", "forces capture",
                                                                                              "repel" (with arms or troops named)
attack_on_civilians   Violence against civilians  Attack                                      "massacre", "tortured", "civilians were killed"
abduction             Violence against civilians  Abduction/forced disappearance              "abducted", "kidnapped", "taken hostage"
protest               Protests                    Peaceful protest                            "protest", "rally", "demonstration", "marched"
riot                  Riots                       Violent demonstration                       "riot", "rioters", "violent demonstration"
arrest                Strategic developments      Arrests                                     "arrested", "detained", "taken into custody"
interception          Strategic developments      Disrupted weapons use                       "shot down", "shoots down", "intercepted", "downed"
defusal               Strategic developments      Disrupted weapons use                       "defused", "demined", "cleared ... of mines"
weapons_seizure       Strategic developments      Disrupted weapons use                       "seized weapons", "found ammunition", "arms cache"
looting               Strategic developments      Looting/property destruction                "looted", "stole", "plundered", "appropriated"
arson                 Strategic developments      Looting/property destruction                "set fire to", "torched", "burned down"
territory_transfer    Strategic developments      Non-violent transfer of territory           "withdrew from", "retreated from", "pulled out of"
base                  Strategic developments      Headquarters or base established            "set up a base", "established a checkpoint"
mass_grave            Strategic developments      Other                                       "mass grave", "bodies were found", "exhumed"
displacement          Strategic developments      Other                                       "evacuated", "deported", "forced ... to leave"
crash                 Strategic developments      Other                                       "crashed", "went down"
diplomacy             Strategic developments      Other                                       "visited", "met", "talks", "summit"
other                 Strategic developments      Other                                       casualties or damage with no weapon word:
                                                                                              "killed", "damaged", "fire broke out";
                                                                                              "destroy(s)" only with arms or troops named
====================  ==========================  ==========================================  ==========================================

ACLED puts "Shelling/artillery/missile attack" together and keeps "Air/drone strike" apart;
shoot-downs, defusals and seizures are "Disrupted weapons use".  Visits and meetings are not
ACLED events; they are kept (the map has always shown them) as Strategic developments / Other,
with the trigger word saying what they are.
"""
from __future__ import annotations

__all__ = ["EVENT_TYPES", "SUB_EVENT_TYPES", "ACLED_OF_KIND", "acled_type"]

BATTLES = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

#: ACLED's six event types, in the codebook's order.
EVENT_TYPES: tuple[str, ...] = (BATTLES, REMOTE, VAC, PROTESTS, RIOTS, STRATEGIC)

ACLED_OF_KIND: dict[str, tuple[str, str]] = {
    "strike": (REMOTE, "Air/drone strike"),
    "missile": (REMOTE, "Shelling/artillery/missile attack"),
    "shelling": (REMOTE, "Shelling/artillery/missile attack"),
    "explosion": (REMOTE, "Remote explosive/landmine/IED"),
    "ground_fighting": (BATTLES, "Armed clash"),
    "attack_on_civilians": (VAC, "Attack"),
    "abduction": (VAC, "Abduction/forced disappearance"),
    "protest": (PROTESTS, "Peaceful protest"),
    "riot": (RIOTS, "Violent demonstration"),
    "arrest": (STRATEGIC, "Arrests"),
    "interception": (STRATEGIC, "Disrupted weapons use"),
    "defusal": (STRATEGIC, "Disrupted weapons use"),
    "weapons_seizure": (STRATEGIC, "Disrupted weapons use"),
    "looting": (STRATEGIC, "Looting/property destruction"),
    "arson": (STRATEGIC, "Looting/property destruction"),
    "territory_transfer": (STRATEGIC, "Non-violent transfer of territory"),
    "base": (STRATEGIC, "Headquarters or base established"),
    "mass_grave": (STRATEGIC, "Other"),
    "displacement": (STRATEGIC, "Other"),
    "crash": (STRATEGIC, "Other"),
    "diplomacy": (STRATEGIC, "Other"),
    "other": (STRATEGIC, "Other"),
}

#: every sub-event type used, by event type
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {}
for _etype, _sub in ACLED_OF_KIND.values():
    if _sub not in SUB_EVENT_TYPES.setdefault(_etype, ()):
        SUB_EVENT_TYPES[_etype] += (_sub,)


def acled_type(kind: str) -> tuple[str, str]:
    """``(event_type, sub_event_type)`` of a trigger kind (unknown kinds: Strategic developments / Other)."""
    return ACLED_OF_KIND.get(kind, (STRATEGIC, "Other"))

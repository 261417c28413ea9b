"""Common given names (lower case): a capitalised word right after one is a surname
("Chiquita Henry", "Paris Hilton"), not a place.  Written for geomap; deliberately
excludes given names that are far more often places ("Georgia", "Paris", "Austin"...).
"""
from __future__ import annotations

FIRST_NAMES = frozenset("""
aaron adam adrian alan albert alex alexander alfred alice alicia allen amanda amber amy
andrea andrew angela anita ann anna anne annie anthony antonio arthur ashley barbara barry
ben benjamin bernard beth betty beverly bill billy bob bobby bonnie brad bradley brandon
brenda brian bruce bryan carl carlos carol caroline carolyn catherine cathy chad charles
charlie cheryl chris christina christine christopher cindy claire clarence
connie craig crystal cynthia dale dan daniel danny darlene darryl dave david dawn dean
debbie deborah debra dennis derek diana diane donald donna doris dorothy doug douglas
duane dustin earl ed eddie edward eileen elaine elizabeth ellen emily emma eric erica
erik ernest ethel eugene evelyn frank fred frederick gail gary gene george gerald gina
glenn gloria gordon greg gregory harold harry heather helen henry herbert holly howard
ian jack jackie jacob james jamie jane janet janice jason jay jean jeff jeffrey jennifer
jeremy jerry jesse jessica jill jim jimmy joan joe joel john johnny jon jonathan joseph
josh joshua joy joyce juan judith judy julia julie justin karen kate katherine kathleen
kathy katie keith kelly ken kenneth kevin kim kimberly kristen kurt kyle larry laura
lauren lawrence lee leonard leslie linda lisa lois lori louis lucy luis lynn marc marcus
margaret maria marie marilyn mark marsha martha martin marvin mary matt matthew maurice
megan melanie melissa michael michelle mike mildred mitchell monica nancy nathan neil
nicholas nicole norma norman pamela pat patricia patrick paul paula peggy peter phil
philip phillip phyllis rachel ralph randall randy ray raymond rebecca regina rhonda
richard rick ricky rita rob robert roberta robin rodney roger ron ronald rose roy ruby
russell ruth ryan sally samantha samuel sandra sara sarah scott sean shannon sharon
shawn sheila shirley stacy stanley stephanie stephen steve steven sue susan tammy tara
ted teresa terry theresa thomas tim timothy tina todd tom tommy tony tracy travis troy
valerie vanessa vernon veronica vicki victor vincent walter wanda wayne wendy
wesley william willie wilma zachary chiquita raquel keith sheila darrell barack hillary
joe nancy vladimir dmitry sergei volodymyr mikhail boris olga natalia yulia viktor
don ahmed mohammed muhammad ali omar hassan hussein ibrahim abdul
abraham nadia amir amelia caleb hailey kristen kristin dylan ethan noah liam
olivia isabella ava mia chloe abigail hannah brianna kayla tiffany
courtney jared derrick trevor shane seth brett chase cody garrett
tanner hunter aaliyah jasmine destiny fatima aisha leila yasmin karim khalid
tariq yusuf mustafa mahmoud samir rami nabil oleksandr oleksiy andriy serhiy mykola
iryna oksana tetiana svetlana tatiana irina elena anastasia ekaterina alexei
andrei nikolai pavel yuri igor maxim anton ruslan denys vitaliy
""".split())

#: Common surnames (lower case) that are also names of small places.  A lone one is read
#: as a person unless a locative preposition comes right before it ("moved to Smith").
SURNAMES = frozenset("""
smith johnson williams brown jones miller davis wilson anderson taylor thomas moore martin
thompson white harris clark lewis robinson walker young allen king wright scott hill green
adams baker nelson carter mitchell roberts turner phillips campbell parker evans edwards
collins stewart morris murphy cook rogers morgan cooper peterson reed bailey bell kelly
howard ward cox richardson wood watson brooks bennett gray hughes price sanders myers long
ross foster powell jenkins perry russell sullivan butler barnes fisher henderson coleman
simmons patterson reynolds graham wallace cole west stevens welch webb manning mason
webster sheldon davidson dillon tanner connor blake wright mercer moody tucker porter
hunter hicks crawford boyd warren fox rose stone hart holmes palmer black lane duncan
bush ford harrison garrett burke hayes gibson ellis marshall owens wells kennedy hopkins
lindsay weston mccoy dyer burton willis carpenter harper webber hartman garnett mallory
""".split())

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
""".split())

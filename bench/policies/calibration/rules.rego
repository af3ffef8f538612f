# Calibration: 100 trivial rules, each reading the input once. Measured in the same run as the
# policy library, it gives this machine's cost of evaluating one rule, so the library's figure
# can be read as a number of rule evaluations rather than only as time.
package calibration

rule_000 if input.time

rule_001 if input.time

rule_002 if input.time

rule_003 if input.time

rule_004 if input.time

rule_005 if input.time

rule_006 if input.time

rule_007 if input.time

rule_008 if input.time

rule_009 if input.time

rule_010 if input.time

rule_011 if input.time

rule_012 if input.time

rule_013 if input.time

rule_014 if input.time

rule_015 if input.time

rule_016 if input.time

rule_017 if input.time

rule_018 if input.time

rule_019 if input.time

rule_020 if input.time

rule_021 if input.time

rule_022 if input.time

rule_023 if input.time

rule_024 if input.time

rule_025 if input.time

rule_026 if input.time

rule_027 if input.time

rule_028 if input.time

rule_029 if input.time

rule_030 if input.time

rule_031 if input.time

rule_032 if input.time

rule_033 if input.time

rule_034 if input.time

rule_035 if input.time

rule_036 if input.time

rule_037 if input.time

rule_038 if input.time

rule_039 if input.time

rule_040 if input.time

rule_041 if input.time

rule_042 if input.time

rule_043 if input.time

rule_044 if input.time

rule_045 if input.time

rule_046 if input.time

rule_047 if input.time

rule_048 if input.time

rule_049 if input.time

rule_050 if input.time

rule_051 if input.time

rule_052 if input.time

rule_053 if input.time

rule_054 if input.time

rule_055 if input.time

rule_056 if input.time

rule_057 if input.time

rule_058 if input.time

rule_059 if input.time

rule_060 if input.time

rule_061 if input.time

rule_062 if input.time

rule_063 if input.time

rule_064 if input.time

rule_065 if input.time

rule_066 if input.time

rule_067 if input.time

rule_068 if input.time

rule_069 if input.time

rule_070 if input.time

rule_071 if input.time

rule_072 if input.time

rule_073 if input.time

rule_074 if input.time

rule_075 if input.time

rule_076 if input.time

rule_077 if input.time

rule_078 if input.time

rule_079 if input.time

rule_080 if input.time

rule_081 if input.time

rule_082 if input.time

rule_083 if input.time

rule_084 if input.time

rule_085 if input.time

rule_086 if input.time

rule_087 if input.time

rule_088 if input.time

rule_089 if input.time

rule_090 if input.time

rule_091 if input.time

rule_092 if input.time

rule_093 if input.time

rule_094 if input.time

rule_095 if input.time

rule_096 if input.time

rule_097 if input.time

rule_098 if input.time

rule_099 if input.time

all_rules if {
	rule_000
	rule_001
	rule_002
	rule_003
	rule_004
	rule_005
	rule_006
	rule_007
	rule_008
	rule_009
	rule_010
	rule_011
	rule_012
	rule_013
	rule_014
	rule_015
	rule_016
	rule_017
	rule_018
	rule_019
	rule_020
	rule_021
	rule_022
	rule_023
	rule_024
	rule_025
	rule_026
	rule_027
	rule_028
	rule_029
	rule_030
	rule_031
	rule_032
	rule_033
	rule_034
	rule_035
	rule_036
	rule_037
	rule_038
	rule_039
	rule_040
	rule_041
	rule_042
	rule_043
	rule_044
	rule_045
	rule_046
	rule_047
	rule_048
	rule_049
	rule_050
	rule_051
	rule_052
	rule_053
	rule_054
	rule_055
	rule_056
	rule_057
	rule_058
	rule_059
	rule_060
	rule_061
	rule_062
	rule_063
	rule_064
	rule_065
	rule_066
	rule_067
	rule_068
	rule_069
	rule_070
	rule_071
	rule_072
	rule_073
	rule_074
	rule_075
	rule_076
	rule_077
	rule_078
	rule_079
	rule_080
	rule_081
	rule_082
	rule_083
	rule_084
	rule_085
	rule_086
	rule_087
	rule_088
	rule_089
	rule_090
	rule_091
	rule_092
	rule_093
	rule_094
	rule_095
	rule_096
	rule_097
	rule_098
	rule_099
}

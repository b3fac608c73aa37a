charter splits recoup-pro-rata.charter.yaml --scenario three-quarter

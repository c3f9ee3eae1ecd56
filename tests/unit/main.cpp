#define BOOST_TEST_MODULE grondslag
#include <boost/test/unit_test.hpp>
